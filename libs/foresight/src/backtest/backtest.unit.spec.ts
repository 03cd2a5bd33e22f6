import { InMemoryAggregateReader } from '@govmetrics/scoring';
import { attestation, dailyCalls, specCatalog } from '../testing/foresight-fixtures';
import { backtest } from './backtest';

const catalog = specCatalog(`
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

const events = dailyCalls(365);

const yearEnd = attestation('q', 8, '2021-09-30');

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
