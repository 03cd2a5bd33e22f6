import type { EventVerdict } from '@govmetrics/contracts';
import { eventNames, REJECTION_LINES_PER_BATCH, rejectionLines } from './event-work-log';

describe(eventNames.name, () => {
  it('names an event by its source, id and claimed platform, and by nothing else of it', () => {
    const event = { source: 'urn:gov:gdx', id: 'evt-1', data: { platform: 'gdx', agency: 'moph', dimensions: { service: 'x' } } };
    expect(eventNames(event)).toEqual({ source: 'urn:gov:gdx', id: 'evt-1', platform: 'gdx' });
  });

  it('leaves out a name that holds personal data, is not text, is malformed or too long', () => {
    const item = { source: 'someone@example.go.th', id: 'x'.repeat(257), data: { platform: '\uD800' } };
    expect(eventNames(item)).toEqual({});
    expect(eventNames({ source: 42, id: '+66 81 234 5678', data: 'gdx' })).toEqual({});
    expect([null, 'text', ['a'], 7].map(eventNames)).toEqual([{}, {}, {}, {}]);
  });
});

describe(rejectionLines.name, () => {
  const rejected = (index: number): EventVerdict => ({ index, status: 'rejected', errors: [{ path: '$.data.value', rule: 'invalid_type', message: 'm' }] });

  it('gives each rejected event a line with where it came from and the first rule it broke, and none to the others', () => {
    const verdicts: EventVerdict[] = [{ index: 0, status: 'accepted', id: 'a' }, rejected(1), { index: 2, status: 'duplicate', id: 'c' }];
    expect(rejectionLines('event rejected', verdicts, (index) => ({ offset: String(100 + index) }))).toEqual([
      { msg: 'event rejected', fields: { offset: '101', index: 1, rule: 'invalid_type', path: '$.data.value', rules: 1 } },
    ]);
  });

  it(`lists at most ${REJECTION_LINES_PER_BATCH} of a batch and counts the rest in one more line`, () => {
    const lines = rejectionLines(
      'event rejected',
      Array.from({ length: REJECTION_LINES_PER_BATCH + 5 }, (_, index) => rejected(index)),
      () => ({}),
    );
    expect(lines).toHaveLength(REJECTION_LINES_PER_BATCH + 1);
    expect(lines.at(-1)).toEqual({ msg: 'event rejected: 5 more of this batch not listed', fields: { unlisted: 5 } });
  });
});
