import type { Rejection } from '@govmetrics/contracts';
import {
  capRejections,
  clip,
  MAX_MESSAGE_CHARS,
  MAX_REJECTIONS_PER_BATCH,
  MAX_REJECTIONS_PER_EVENT,
  quoted,
  RejectionBudget,
  TOO_MANY_ERRORS_RULE,
} from './rejection-caps';

const rejections = (count: number): Rejection[] => Array.from({ length: count }, (_, n) => ({ path: `$.x[${n}]`, rule: 'pii_in_clear', message: 'm' }));

describe(capRejections.name, () => {
  it('keeps up to 20 rejections as they are', () => {
    expect(capRejections(rejections(MAX_REJECTIONS_PER_EVENT))).toEqual(rejections(MAX_REJECTIONS_PER_EVENT));
  });

  it('lists the first 20 of more, then one too_many_errors marker at $ saying how many more', () => {
    const capped = capRejections(rejections(100_000));
    expect(capped).toHaveLength(MAX_REJECTIONS_PER_EVENT + 1);
    expect(capped.at(-1)).toEqual({ path: '$', rule: TOO_MANY_ERRORS_RULE, message: expect.stringMatching(/^99980 more rejections not listed/) });
  });

  it('cuts every message to 300 characters and every path to 200, leaving no half of a surrogate pair', () => {
    const [capped] = capRejections([
      { path: `$.${'k'.repeat(10_000)}`, rule: 'unrecognized_keys', message: `${'x'.repeat(MAX_MESSAGE_CHARS - 2)}😀 and more` },
    ]);
    expect(capped?.message).toHaveLength(MAX_MESSAGE_CHARS);
    expect(capped?.message.endsWith('\ufffd…')).toBe(true);
    expect(capped?.path.length).toBeLessThanOrEqual(200);
  });
});

describe(RejectionBudget.name, () => {
  it(`lists ${MAX_REJECTIONS_PER_BATCH} rejections of a batch in full, then each event's first one and a marker`, () => {
    const budget = new RejectionBudget();
    const events = Array.from({ length: 100 }, () => budget.cap(rejections(50)));
    const listed = events.flat().filter((rejection) => rejection.rule !== TOO_MANY_ERRORS_RULE);
    expect(listed).toHaveLength(MAX_REJECTIONS_PER_BATCH + (100 - MAX_REJECTIONS_PER_BATCH / MAX_REJECTIONS_PER_EVENT));
    expect(events.at(-1)).toEqual([
      expect.objectContaining({ rule: 'pii_in_clear' }),
      expect.objectContaining({ rule: TOO_MANY_ERRORS_RULE, message: expect.stringMatching(/^49 more/) }),
    ]);
  });
});

describe(quoted.name, () => {
  it('quotes at most 40 characters of a value, so a message never echoes a megabyte', () => {
    expect(quoted('a'.repeat(1000))).toBe(JSON.stringify(`${'a'.repeat(39)}…`));
    expect(clip('ok', 10)).toBe('ok');
  });
});
