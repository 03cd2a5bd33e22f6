import type { MetricQuery, RunningAggregateReader } from '@govmetrics/scoring';
import { InMemoryAggregateReader } from '@govmetrics/scoring';
import { forecastCatalog } from '../forecast/forecast-catalog';
import { dailyCalls, specCatalog } from '../testing/foresight-fixtures';
import { RunningSeriesReader } from './running-series-reader';

/** The in-memory reader, counting what is asked of it: each call stands for one query to a store. */
class CountingReader implements RunningAggregateReader {
  reads = 0;
  runningReads: MetricQuery[] = [];
  private readonly inner = new InMemoryAggregateReader(dailyCalls(100));

  read(query: MetricQuery) {
    this.reads += 1;
    return this.inner.read(query);
  }

  readRunning(query: MetricQuery) {
    this.runningReads.push(query);
    return this.inner.readRunning(query);
  }
}

const calls = { platform: 'gdx', metric: 'api_calls', statistic: 'sum' } as const;
const catalog = specCatalog(`
  - id: S
    name: s
    aggregation: mean
    children:
      - { id: C, name: calls, actual: { query: { platform: gdx, metric: api_calls, statistic: sum } }, target: 3650, method: { kind: ratio } }
      - { id: N, name: count, actual: { query: { platform: gdx, metric: api_calls, statistic: count } }, target: 365, method: { kind: ratio } }
`);

describe(RunningSeriesReader.name, () => {
  it('given a catalog of two inputs forecast as of its 100th day, then each input is read once over the days so far, and nothing day by day', async () => {
    const source = new CountingReader();
    const forecast = await forecastCatalog(catalog, { reader: source, attestations: [] }, '2021-01-08', 'year-to-date');
    expect(forecast.scorecards[0]?.children.map((child) => child.measures[0]?.actual)).toEqual([1000, 100]);
    expect(source.reads).toBe(0);
    expect(source.runningReads).toEqual([
      { ...calls, fromDay: '2020-10-01', toDay: '2021-01-08' },
      { ...calls, statistic: 'count', fromDay: '2020-10-01', toDay: '2021-01-08' },
    ]);
  });

  it('given reads of days up to its last day, then each answers what the source answers for that day; later days are read as asked', async () => {
    const source = new CountingReader();
    const reader = new RunningSeriesReader(source, '2020-10-10');
    const query = { ...calls, fromDay: '2020-10-01', toDay: '2020-10-03' };
    expect(await reader.read(query)).toBe(30);
    expect(await reader.readRunning(query)).toEqual([10, 20, 30]);
    expect(await reader.read({ ...query, toDay: '2020-10-10' })).toBe(100);
    expect(source.runningReads).toHaveLength(1);
    expect(await reader.read({ ...query, toDay: '2020-10-11' })).toBe(110);
    expect(source.reads).toBe(1);
  });
});
