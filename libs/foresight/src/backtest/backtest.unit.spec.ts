import type { Attestation, UsageEvent } from '@govmetrics/contracts';
import { USAGE_EVENT_TYPE } from '@govmetrics/contracts';
import { InMemoryAggregateReader, parseCatalog } from '@govmetrics/scoring';
import { addDays } from '../days';
import { backtest } from './backtest';

const catalog = parseCatalog(`
version: 1
id: spec
name: spec
period: { kind: fiscal-year, year: 2564 }
scorecards:
  - id: USAGE
    name: usage
    aggregation: mean
    children:
      - { id: C, name: calls, actual: { query: { platform: gdx, metric: api_calls, statistic: sum } }, target: 3650, method: { kind: ratio } }
  - id: SURVEYS
    name: surveys
    aggregation: mean
    children:
      - { id: Q, name: survey, actual: { attested: { id: q } }, target: 10, method: { kind: ratio } }
`);

const events: UsageEvent[] = Array.from({ length: 365 }, (_, day) => ({
  specversion: '1.0',
  id: `spec-${day}`,
  source: 'urn:test',
  type: USAGE_EVENT_TYPE,
  time: `${addDays('2020-10-01', day)}T12:00:00+07:00`,
  data: { platform: 'gdx', metric: 'api_calls', agency: 'moph', value: 10 },
}));

const yearEnd: Attestation = { id: 'q', value: 8, effective: '2021-09-30', by: 'spec', why: 'spec', evidence: 'spec' };

describe(backtest.name, () => {
  it('forecasts a scorecard of values attested only at year end as unknown (null), never as a score of 0', async () => {
    const result = await backtest(catalog, { reader: new InMemoryAggregateReader(events), attestations: [yearEnd] }, ['2020-11-30'], ['year-to-date']);
    const scorecards = result.methods[0]?.scorecards ?? [];
    expect(scorecards.map(({ id, final, forecasts }) => [id, final, forecasts])).toEqual([
      ['USAGE', 100, [100]],
      ['SURVEYS', 80, [null]],
    ]);
  });
});
