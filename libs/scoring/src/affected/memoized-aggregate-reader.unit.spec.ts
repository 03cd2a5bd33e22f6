import type { AggregateReader, MetricQuery } from '../ports/aggregate-reader.port';
import { MemoizedAggregateReader } from './memoized-aggregate-reader';

/** A source that counts its reads and answers from a mutable table. */
function countingSource(values: Record<string, number | null>) {
  const reads: string[] = [];
  const source: AggregateReader = {
    read: (query) => {
      reads.push(query.metric);
      const value = values[query.metric];
      return value === undefined ? Promise.reject(new Error(`source down for ${query.metric}`)) : Promise.resolve(value);
    },
  };
  return { source, reads };
}

const query = (metric: string, extra: Partial<MetricQuery> = {}): MetricQuery => ({
  platform: 'gdx',
  metric,
  statistic: 'sum',
  fromDay: '2020-10-01',
  toDay: '2021-09-30',
  ...extra,
});

describe(MemoizedAggregateReader.name, () => {
  it('reads each query from the source once, whatever the order of its agencies and dimensions', async () => {
    const { source, reads } = countingSource({ api_calls: 10 });
    const reader = new MemoizedAggregateReader(source);
    await reader.read(query('api_calls', { agencies: ['a', 'b'], dimensions: { x: '1', y: '2' } }));
    expect(await reader.read(query('api_calls', { agencies: ['b', 'a'], dimensions: { y: '2', x: '1' } }))).toBe(10);
    expect(reads).toEqual(['api_calls']);
    expect(reader.valueOf(query('api_calls', { agencies: ['a', 'b'], dimensions: { x: '1', y: '2' } }))).toBe(10);
  });

  it('re-reads only the queries that read a bucket announced as changed', async () => {
    const values: Record<string, number | null> = { api_calls: 10, sites: 3 };
    const { source, reads } = countingSource(values);
    const reader = new MemoizedAggregateReader(source);
    await Promise.all([reader.read(query('api_calls')), reader.read(query('sites'))]);
    values.api_calls = 11;

    expect(reader.forget([{ platform: 'gdx', metric: 'api_calls', agency: 'moph', day: '2021-01-01' }])).toBe(1);

    expect(await reader.read(query('api_calls'))).toBe(11);
    expect(await reader.read(query('sites'))).toBe(3);
    expect(reads).toEqual(['api_calls', 'sites', 'api_calls']);
  });

  it('keeps an answer when the changed bucket lies outside the query period', async () => {
    const { source, reads } = countingSource({ api_calls: 10 });
    const reader = new MemoizedAggregateReader(source);
    await reader.read(query('api_calls'));
    expect(reader.forget([{ platform: 'gdx', metric: 'api_calls', agency: 'moph', day: '2021-10-01' }])).toBe(0);
    await reader.read(query('api_calls'));
    expect(reads).toEqual(['api_calls']);
  });

  it('does not remember a failed read: the error reaches the caller and the next read asks again', async () => {
    const values: Record<string, number | null> = {};
    const { source, reads } = countingSource(values);
    const reader = new MemoizedAggregateReader(source);
    await expect(reader.read(query('api_calls'))).rejects.toThrow(/source down/);
    values.api_calls = null;
    expect(await reader.read(query('api_calls'))).toBeNull();
    expect(reads).toEqual(['api_calls', 'api_calls']);
    expect(reader.valueOf(query('api_calls'))).toBeNull();
  });
});
