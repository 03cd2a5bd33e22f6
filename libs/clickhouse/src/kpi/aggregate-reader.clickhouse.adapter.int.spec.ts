import type { ClickHouseClient } from '@clickhouse/client';
import type { MetricQuery } from '@govmetrics/scoring';
import { randomUUID } from 'node:crypto';
import { ClickHouseConfigSchema } from '../clickhouse-config';
import { connectClickHouse } from '../create-clickhouse';
import { migrate } from '../migrate';
import { toProjectedEvent } from '@govmetrics/projection';
import { ClickHouseUsageBatchSink } from '../usage/usage-batch.clickhouse.adapter';
import { USAGE_MIGRATIONS } from '../usage/usage.migrations';
import { ClickHouseAggregateReader } from './aggregate-reader.clickhouse.adapter';

const config = ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: `t_${randomUUID().replace(/-/g, '')}` });

interface Observation {
  metric: string;
  agency: string;
  value: number;
  time: string;
  entity?: string;
  dimensions?: Record<string, string>;
}

let offset = 0;
const row = (o: Observation) =>
  toProjectedEvent(
    {
      specversion: '1.0',
      id: `e${offset}`,
      source: 'urn:dga:platform:gdx',
      type: 'th.go.dga.usage.recorded.v1',
      time: o.time,
      data: { platform: 'gdx', metric: o.metric, agency: o.agency, value: o.value, entity: o.entity, dimensions: o.dimensions },
    },
    0,
    String(offset++),
  );

// FY2564 runs from 1 October 2020 to 30 September 2021, Bangkok time.
const fy = { fromDay: '2020-10-01', toDay: '2021-09-30' };
const query = (q: Partial<MetricQuery> & Pick<MetricQuery, 'metric' | 'statistic'>): MetricQuery => ({ platform: 'gdx', ...fy, ...q });

describe(ClickHouseAggregateReader.name, () => {
  let client: ClickHouseClient;
  let reader: ClickHouseAggregateReader;

  beforeAll(async () => {
    client = await connectClickHouse(config);
    await migrate(client, USAGE_MIGRATIONS);
    reader = new ClickHouseAggregateReader(client);
    const observations: Observation[] = [
      // Counter: the last second of FY2564 in Bangkok, and the first second of FY2565.
      { metric: 'api_calls', agency: 'moph', value: 10, time: '2021-09-30T16:59:59Z', dimensions: { channel: 'api', tier: 'gold' } },
      { metric: 'api_calls', agency: 'moph', value: 5, time: '2021-09-30T17:00:00Z', dimensions: { channel: 'api' } },
      { metric: 'api_calls', agency: 'mof', value: 7, time: '2020-10-01T00:00:00+07:00', dimensions: { channel: 'batch' } },
      { metric: 'api_calls', agency: 'mof', value: 3, time: '2020-09-30T23:59:59+07:00' },
      { metric: 'api_calls', agency: 'dga', value: 20, time: '2021-03-01T10:00:00+07:00', dimensions: { note: '"channel":"api"' } },
      // Gauge: each agency's own level; moph's later report supersedes its earlier one.
      { metric: 'accounts', agency: 'moph', value: 100, time: '2021-01-10T09:00:00+07:00' },
      { metric: 'accounts', agency: 'moph', value: 120, time: '2021-06-10T09:00:00+07:00' },
      { metric: 'accounts', agency: 'mof', value: 50, time: '2021-02-01T09:00:00+07:00' },
      // Distinct: the same user twice counts once.
      { metric: 'users', agency: 'moph', value: 1, time: '2021-01-01T09:00:00+07:00', entity: 'u1' },
      { metric: 'users', agency: 'moph', value: 1, time: '2021-01-02T09:00:00+07:00', entity: 'u2' },
      { metric: 'users', agency: 'mof', value: 1, time: '2021-01-03T09:00:00+07:00', entity: 'u1' },
      // Distinct with events that name no entity (stored as ''): those count as events, never as an entity.
      { metric: 'visitors', agency: 'moph', value: 1, time: '2021-02-01T09:00:00+07:00', entity: 'v1', dimensions: { channel: 'app' } },
      { metric: 'visitors', agency: 'moph', value: 1, time: '2021-02-01T10:00:00+07:00' },
      { metric: 'visitors', agency: 'mof', value: 1, time: '2021-02-02T09:00:00+07:00', entity: 'v2', dimensions: { channel: 'web' } },
      { metric: 'visitors', agency: 'dga', value: 1, time: '2021-02-03T09:00:00+07:00' },
      // Rating: an average.
      { metric: 'satisfaction', agency: 'moph', value: 4, time: '2021-05-01T09:00:00+07:00' },
      { metric: 'satisfaction', agency: 'mof', value: 5, time: '2021-05-02T09:00:00+07:00' },
      { metric: 'satisfaction', agency: 'mof', value: 4.5, time: '2021-05-03T09:00:00+07:00' },
    ];
    const sink = new ClickHouseUsageBatchSink(client, { database: config.CLICKHOUSE_DATABASE });
    await sink.write({ partition: 0, firstOffset: '0', lastOffset: String(observations.length - 1) }, observations.map(row));
  });

  afterAll(async () => {
    await client.command({ query: `DROP DATABASE IF EXISTS ${config.CLICKHOUSE_DATABASE}` });
    await client.close();
  });

  it('sums a counter over Bangkok days, inclusive at both ends', async () => {
    expect(await reader.read(query({ metric: 'api_calls', statistic: 'sum' }))).toBe(37);
    expect(await reader.read(query({ metric: 'api_calls', statistic: 'count' }))).toBe(3);
    // 17:00 UTC on 30 September is 1 October in Bangkok: the next fiscal year's first day.
    expect(await reader.read(query({ metric: 'api_calls', statistic: 'sum', fromDay: '2021-10-01', toDay: '2021-10-01' }))).toBe(5);
    expect(await reader.read(query({ metric: 'api_calls', statistic: 'sum', fromDay: '2021-09-30', toDay: '2021-09-30' }))).toBe(10);
    expect(await reader.read(query({ metric: 'api_calls', statistic: 'sum', fromDay: '2020-09-30', toDay: '2020-09-30' }))).toBe(3);
  });

  it('keeps only events whose dimensions include every pair asked for', async () => {
    expect(await reader.read(query({ metric: 'api_calls', statistic: 'sum', dimensions: { channel: 'api' } }))).toBe(10);
    expect(await reader.read(query({ metric: 'api_calls', statistic: 'sum', dimensions: { channel: 'api', tier: 'gold' } }))).toBe(10);
    expect(await reader.read(query({ metric: 'api_calls', statistic: 'sum', dimensions: { channel: 'batch' } }))).toBe(7);
    expect(await reader.read(query({ metric: 'api_calls', statistic: 'sum', dimensions: { channel: 'api', tier: 'silver' } }))).toBeNull();
  });

  it('is not fooled by a dimension value that looks like another dimension', async () => {
    // dga's only event has note = '"channel":"api"': it must not count as channel = api.
    expect(await reader.read(query({ metric: 'api_calls', statistic: 'sum', agencies: ['dga'], dimensions: { channel: 'api' } }))).toBeNull();
    expect(await reader.read(query({ metric: 'api_calls', statistic: 'sum', dimensions: { note: '"channel":"api"' } }))).toBe(20);
  });

  it('counts the agencies of a selection, and reads only the agencies asked for', async () => {
    expect(await reader.read(query({ metric: 'api_calls', statistic: 'agencies' }))).toBe(3);
    expect(await reader.read(query({ metric: 'api_calls', statistic: 'sum', agencies: ['mof', 'dga'] }))).toBe(27);
    expect(await reader.read(query({ metric: 'api_calls', statistic: 'agencies', agencies: ['mof', 'nobody'] }))).toBe(1);
  });

  it("reads a gauge as each agency's latest value, summed", async () => {
    expect(await reader.read(query({ metric: 'accounts', statistic: 'latest' }))).toBe(170);
    expect(await reader.read(query({ metric: 'accounts', statistic: 'latest', toDay: '2021-03-31' }))).toBe(150);
    expect(await reader.read(query({ metric: 'accounts', statistic: 'latest', agencies: ['moph'] }))).toBe(120);
  });

  it('counts distinct entities exactly and averages ratings', async () => {
    expect(await reader.read(query({ metric: 'users', statistic: 'distinct' }))).toBe(2);
    expect(await reader.read(query({ metric: 'users', statistic: 'distinct', agencies: ['moph'] }))).toBe(2);
    expect(await reader.read(query({ metric: 'satisfaction', statistic: 'average' }))).toBe(4.5);
  });

  it('does not count the missing entity of events that carry none as one more entity', async () => {
    expect(await reader.read(query({ metric: 'visitors', statistic: 'distinct' }))).toBe(2);
    expect(await reader.read(query({ metric: 'visitors', statistic: 'distinct', dimensions: { channel: 'app' } }))).toBe(1);
    expect(await reader.read(query({ metric: 'visitors', statistic: 'distinct', toDay: '2021-02-01' }))).toBe(1);
    // Events without entities are data: zero distinct entities, not "no data".
    expect(await reader.read(query({ metric: 'visitors', statistic: 'distinct', agencies: ['dga'] }))).toBe(0);
  });

  it.each(['sum', 'count', 'average', 'latest', 'distinct', 'agencies'] as const)('answers null, not zero, when no event matched (%s)', async (statistic) => {
    expect(await reader.read(query({ metric: 'never_reported', statistic }))).toBeNull();
    expect(await reader.read(query({ metric: 'api_calls', statistic, agencies: [] }))).toBeNull();
  });

  it('rejects a day that is not YYYY-MM-DD, naming the field, and keeps crafted values inside their literals', async () => {
    await expect(reader.read(query({ metric: 'api_calls', statistic: 'sum', toDay: "2021-09-30') OR (1=1" }))).rejects.toThrow(/toDay must be a day/);
    await expect(reader.read(query({ metric: "api_calls' OR '1'='1", statistic: 'sum' }))).resolves.toBeNull();
    await expect(reader.read(query({ metric: 'api_calls', statistic: 'sum', dimensions: { "channel') OR 1=1 --": 'x' } }))).resolves.toBeNull();
  });
});
