import type { ScoreSnapshotRecorded } from '@govmetrics/contracts';
import { ScoreSnapshotRecordedSchema } from '@govmetrics/contracts';
import { MemoizedAggregateReader } from '../affected/memoized-aggregate-reader';
import { parseCatalog } from '../catalog/parse-catalog';
import { InMemoryAggregateReader } from '../reference/in-memory-aggregate-reader';
import { scoreCatalog } from '../score-catalog';
import { attestation, event } from '../testing/scoring-fixtures';
import { periodName, scoresChanged, scoreSnapshots } from './score-snapshot';

const catalog = parseCatalog(`
version: 1
id: spec
name: spec
period: { kind: fiscal-year, year: 2564 }
scorecards:
  - id: S
    name: s
    aggregation: weighted
    children:
      - id: CALLS
        name: calls
        weight: 1
        actual: { query: { platform: gdx, metric: api_calls, statistic: sum, agencies: [moph] } }
        target: 100
        method: { kind: ratio }
      - id: G
        name: group
        weight: 1
        aggregation: mean
        children:
          - id: BOTH
            name: both
            combine: all-of
            measures:
              - { id: BOTH.sites, actual: { query: { platform: gin, metric: sites, statistic: latest } }, target: 10, method: { kind: ratio } }
              - { id: BOTH.survey, actual: { attested: { id: survey } }, method: { kind: milestone } }
`);

async function snapshotOf(events: ReturnType<typeof event>[], asOf = '2021-09-30', scored?: ScoreSnapshotRecorded['catalog']) {
  const reader = new MemoizedAggregateReader(new InMemoryAggregateReader(events));
  const report = await scoreCatalog(catalog, { reader, attestations: [attestation('survey', true)] }, asOf);
  const offsets = [{ topic: 'usage.events.v1', partition: 0, offset: '41' }];
  const [snapshot] = scoreSnapshots(catalog, report, { valueOf: (query) => reader.valueOf(query), offsets, ...(scored ? { catalog: scored } : {}) });
  return snapshot!;
}

describe(scoreSnapshots.name, () => {
  it('records every score below the scorecard, the value behind each query, and the offsets, as the ledger contract wants', async () => {
    const snapshot = await snapshotOf([event({ platform: 'gdx', metric: 'api_calls', value: 50 }), event({ platform: 'gin', metric: 'sites', value: 10 })]);

    expect(ScoreSnapshotRecordedSchema.parse(snapshot)).toEqual(snapshot);
    expect(snapshot).toMatchObject({ catalogId: 'spec', scorecardId: 'S', period: 'FY2564', asOf: '2021-09-30T23:59:59+07:00', overall: 75 });
    expect(snapshot.scores).toEqual([
      { indicatorId: 'CALLS', method: 'ratio', actual: 50, target: 100, score: 50 },
      { indicatorId: 'G', method: 'aggregation:mean', actual: null, target: null, score: 100 },
      { indicatorId: 'BOTH', method: 'combine:all-of', actual: null, target: null, score: 100 },
      { indicatorId: 'BOTH.sites', method: 'ratio', actual: 10, target: 10, score: 100 },
      { indicatorId: 'BOTH.survey', method: 'milestone', actual: 1, target: 1, score: 100 },
    ]);
    expect(snapshot.aggregates).toEqual([
      {
        indicatorId: 'CALLS',
        platform: 'gdx',
        metric: 'api_calls',
        statistic: 'sum',
        agencies: ['moph'],
        fromDay: '2020-10-01',
        toDay: '2021-09-30',
        value: 50,
      },
      { indicatorId: 'BOTH', platform: 'gin', metric: 'sites', statistic: 'latest', fromDay: '2020-10-01', toDay: '2021-09-30', value: 10 },
    ]);
    expect(snapshot.offsets).toEqual([{ topic: 'usage.events.v1', partition: 0, offset: '41' }]);
    expect(snapshot).not.toHaveProperty('catalog');
  });

  it('records the ledger catalog version it was scored under, when there is one', async () => {
    const scored = { digest: 'c'.repeat(64), lastChange: { stream: 'kpi:spec:CALLS', revision: '2' } };
    const snapshot = await snapshotOf([], '2021-09-30', scored);
    expect(ScoreSnapshotRecordedSchema.parse(snapshot).catalog).toEqual(scored);
  });

  it('records a query with no data as null, and the period clipped at the as-of day', async () => {
    const snapshot = await snapshotOf([], '2021-03-31');
    expect(snapshot.aggregates.map((aggregate) => [aggregate.toDay, aggregate.value])).toEqual([
      ['2021-03-31', null],
      ['2021-03-31', null],
    ]);
  });
});

describe(scoresChanged.name, () => {
  it('is true for the first snapshot, and for a changed actual, score or overall', async () => {
    const before = await snapshotOf([event({ platform: 'gdx', metric: 'api_calls', value: 50 })]);
    const more = await snapshotOf([event({ platform: 'gdx', metric: 'api_calls', value: 60 })]);
    expect(scoresChanged(undefined, before)).toBe(true);
    expect(scoresChanged(before, more)).toBe(true);
    expect(scoresChanged(before, { ...before, overall: 1 })).toBe(true);
  });

  it('is false when only the as-of day, the aggregates behind capped scores or the offsets moved', async () => {
    const before = await snapshotOf([event({ platform: 'gdx', metric: 'api_calls', value: 50 })]);
    const same = await snapshotOf([
      event({ platform: 'gdx', metric: 'api_calls', value: 50 }),
      event({ platform: 'gdx', metric: 'api_calls', value: 5, agency: 'mof' }),
    ]);
    const later: ScoreSnapshotRecorded = { ...same, asOf: '2021-10-01T23:59:59+07:00', offsets: [] };
    expect(scoresChanged(before, later)).toBe(false);
  });
});

describe(periodName.name, () => {
  it('names fiscal years, quarters and ranges', () => {
    expect(periodName({ kind: 'fiscal-year', year: 2564, era: 'BE' })).toBe('FY2564');
    expect(periodName({ kind: 'fiscal-year', year: 2021, era: 'CE' })).toBe('FY2021CE');
    expect(periodName({ kind: 'fiscal-quarter', year: 2564, era: 'BE', quarter: 1 })).toBe('FY2564-Q1');
    expect(periodName({ kind: 'range', from: '2020-10-01', to: '2021-03-31' })).toBe('2020-10-01_2021-03-31');
  });
});
