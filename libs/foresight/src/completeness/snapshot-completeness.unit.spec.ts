import type { ScoreSnapshotRecorded } from '@govmetrics/contracts';
import { CompletenessLedger } from './completeness-ledger';
import { completenessChanged, withCompleteness } from './snapshot-completeness';

type Input = ScoreSnapshotRecorded['aggregates'][number];

const input = (overrides: Partial<Input> = {}): Input => ({
  indicatorId: 'A1',
  platform: 'gdx',
  metric: 'api_calls',
  statistic: 'sum',
  fromDay: '2020-10-01',
  toDay: '2021-09-30',
  value: 10,
  ...overrides,
});

const snapshotOf = (asOfDay: string, aggregates: Input[]): ScoreSnapshotRecorded => ({
  catalogId: 'dga',
  scorecardId: 'A',
  period: 'FY2564',
  asOf: `${asOfDay}T23:59:59+07:00`,
  overall: 50,
  scores: [],
  aggregates,
  offsets: [],
});

const ledgerThrough = (lastDay: string, platform = 'gdx') => {
  const ledger = new CompletenessLedger();
  for (let day = '2020-10-01'; day <= lastDay; day = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10))
    ledger.record({ platform, metric: 'api_calls', day }, `${day}T18:00:00.000Z`);
  return ledger;
};

describe(withCompleteness.name, () => {
  it('marks a score provisional while an input is complete only through a day before the as-of day', () => {
    const annotated = withCompleteness(snapshotOf('2020-10-05', [input()]), ledgerThrough('2020-10-04'));
    expect(annotated.provisional).toBe(true);
    expect(annotated.aggregates[0]?.completeThrough).toBe('2020-10-04');
  });

  it('makes it final once every input is complete through the as-of day', () => {
    const annotated = withCompleteness(snapshotOf('2020-10-05', [input()]), ledgerThrough('2020-10-05'));
    expect(annotated.provisional).toBe(false);
    expect(annotated.aggregates[0]?.completeThrough).toBe('2020-10-05');
  });

  it('needs a range that ends before the as-of day complete only through its own last day', () => {
    const annotated = withCompleteness(snapshotOf('2020-10-09', [input({ toDay: '2020-10-03' })]), ledgerThrough('2020-10-03'));
    expect(annotated.provisional).toBe(false);
  });

  it('stays provisional when one input of several is incomplete, and says which', () => {
    const ledger = ledgerThrough('2020-10-05');
    const annotated = withCompleteness(snapshotOf('2020-10-05', [input(), input({ platform: 'gin' })]), ledger);
    expect(annotated.provisional).toBe(true);
    expect(annotated.aggregates.map((aggregate) => aggregate.completeThrough)).toEqual(['2020-10-05', null]);
  });

  it('holds a range that begins after the as-of day and a snapshot of attested values only final', () => {
    expect(withCompleteness(snapshotOf('2020-10-05', [input({ fromDay: '2020-11-01' })]), new CompletenessLedger()).provisional).toBe(false);
    expect(withCompleteness(snapshotOf('2020-10-05', []), new CompletenessLedger()).provisional).toBe(false);
  });
});

describe(completenessChanged.name, () => {
  it('sees a snapshot turn final, and an input complete through a later day, as a change worth recording', () => {
    const before = withCompleteness(snapshotOf('2020-10-05', [input()]), ledgerThrough('2020-10-03'));
    const later = withCompleteness(snapshotOf('2020-10-05', [input()]), ledgerThrough('2020-10-04'));
    const final = withCompleteness(snapshotOf('2020-10-05', [input()]), ledgerThrough('2020-10-05'));
    expect(completenessChanged(before, later)).toBe(true);
    expect(completenessChanged(later, final)).toBe(true);
    expect(completenessChanged(final, withCompleteness(snapshotOf('2020-10-05', [input()]), ledgerThrough('2020-10-05')))).toBe(false);
  });

  it('treats a snapshot recorded before completeness was tracked as different', () => {
    expect(completenessChanged(snapshotOf('2020-10-05', [input()]), withCompleteness(snapshotOf('2020-10-05', [input()]), ledgerThrough('2020-10-05')))).toBe(
      true,
    );
  });
});
