import type { EventVerdict } from '@govmetrics/contracts';
import { VerdictSummarySchema } from '@govmetrics/contracts';
import { summarizeVerdicts } from './verdict-summary';

const rejected = (index: number, ...rules: string[]): EventVerdict => ({
  index,
  status: 'rejected',
  errors: rules.map((rule) => ({ path: '$', rule, message: rule })),
});

describe(summarizeVerdicts.name, () => {
  it('counts accepted, duplicates and each rejected event once under its first rule', () => {
    const verdicts: EventVerdict[] = [
      { index: 0, status: 'accepted' },
      { index: 1, status: 'duplicate' },
      rejected(2, 'pii_in_clear', 'undeclared_metric'),
      rejected(3, 'pii_in_clear'),
      rejected(4, 'event_time_too_old'),
      { index: 5, status: 'accepted' },
    ];

    const summary = summarizeVerdicts('gdx', verdicts, new Date('2026-11-30T03:00:00Z'));

    expect(summary).toEqual({
      platform: 'gdx',
      at: '2026-11-30T03:00:00.000Z',
      accepted: 2,
      duplicates: 1,
      rejected: { pii_in_clear: 2, event_time_too_old: 1 },
    });
    expect(VerdictSummarySchema.parse(summary)).toEqual(summary);
  });

  it('keeps a batch of thousands of events to one rule entry per distinct rule', () => {
    const verdicts = Array.from({ length: 5000 }, (_, index) => rejected(index, 'value_out_of_range'));

    expect(summarizeVerdicts('gdx', verdicts, new Date(0)).rejected).toEqual({ value_out_of_range: 5000 });
  });
});
