import type { ClickHouseClient } from '@clickhouse/client';
import { toProjectedEvent } from '@govmetrics/projection';
import { randomUUID } from 'node:crypto';
import { ClickHouseConfigSchema } from '../clickhouse-config';
import { connectClickHouse } from '../create-clickhouse';
import { migrate } from '../migrate';
import { queryBucketTotals, queryMetricTotal } from './metric-total.query';
import { ClickHouseUsageBatchSink } from './usage-batch.clickhouse.adapter';
import { queryUsageChecksums } from './usage-checksums.query';
import { USAGE_MIGRATIONS } from './usage.migrations';

const config = ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: `t_${randomUUID().replace(/-/g, '')}` });

const event = (id: string, agency: string, value: number, time: string, partition: number, offset: number) =>
  toProjectedEvent(
    {
      specversion: '1.0',
      id,
      source: 'urn:dga:platform:gdx',
      type: 'th.go.dga.usage.recorded.v1',
      time,
      data: { platform: 'gdx', metric: 'api_calls', agency, value, entity: `u-${value}` },
    },
    partition,
    String(offset),
  );

const range = (partition: number, first: number, last: number) => ({ partition, firstOffset: String(first), lastOffset: String(last) });

describe('usage read model on the ClickHouse server', () => {
  let client: ClickHouseClient;
  let sink: ClickHouseUsageBatchSink;

  beforeAll(async () => {
    client = await connectClickHouse(config);
    sink = new ClickHouseUsageBatchSink(client, { database: config.CLICKHOUSE_DATABASE });
  });

  afterAll(async () => {
    await client.command({ query: `DROP DATABASE IF EXISTS ${config.CLICKHOUSE_DATABASE}` });
    await client.close();
  });

  it('applies each migration once, however often it runs', async () => {
    expect(await migrate(client, USAGE_MIGRATIONS)).toEqual([1, 2, 3, 4, 5]);
    expect(await migrate(client, USAGE_MIGRATIONS)).toEqual([]);
  });

  it('totals a written batch per Bangkok day', async () => {
    await sink.write(range(0, 0, 1), [event('a', 'moph', 10, '2021-09-30T16:59:59Z', 0, 0), event('b', 'moph', 5, '2021-09-30T17:00:00Z', 0, 1)]);
    await sink.write(range(1, 0, 0), [event('c', 'mof', 7, '2021-09-30T12:00:00+07:00', 1, 0)]);

    expect(await queryMetricTotal(client, { platform: 'gdx', metric: 'api_calls' })).toEqual({ total: 22, events: 3 });
    expect(await queryMetricTotal(client, { platform: 'gdx', metric: 'api_calls', agency: 'moph' })).toEqual({ total: 15, events: 2 });
    // 17:00 UTC on 30 September is already 1 October in Bangkok: the first day of FY2022.
    expect(await queryMetricTotal(client, { platform: 'gdx', metric: 'api_calls', toDay: '2021-09-30' })).toEqual({ total: 17, events: 2 });
  });

  it('counts a batch once however often it is written, and a resent event once even at another offset', async () => {
    const before = await queryUsageChecksums(client);
    await sink.write(range(0, 0, 1), [event('a', 'moph', 10, '2021-09-30T16:59:59Z', 0, 0), event('b', 'moph', 5, '2021-09-30T17:00:00Z', 0, 1)]);
    await sink.write(range(0, 2, 3), [event('a', 'moph', 10, '2021-09-30T16:59:59Z', 0, 2), event('a', 'moph', 10, '2021-09-30T16:59:59Z', 0, 3)]);

    expect(await queryUsageChecksums(client)).toEqual(before);
    expect(await queryMetricTotal(client, { platform: 'gdx', metric: 'api_calls' })).toEqual({ total: 22, events: 3 });
  });

  it('counts an event resent twice inside one batch once, at its first offset', async () => {
    await sink.write(range(2, 0, 2), [
      event('d', 'dga', 100, '2022-01-01T00:00:00Z', 2, 0),
      event('d', 'dga', 100, '2022-01-01T00:00:00Z', 2, 1),
      event('e', 'dga', 1, '2022-02-01T00:00:00Z', 2, 2),
    ]);

    expect(await queryMetricTotal(client, { platform: 'gdx', metric: 'api_calls', agency: 'dga' })).toEqual({ total: 101, events: 2 });
    const rows = await client.query({ query: `SELECT kafka_offset FROM usage_events WHERE event_id = 'd'`, format: 'JSONEachRow' });
    expect(await rows.json()).toEqual([{ kafka_offset: '0' }]);
  });

  it('counts a resend that slipped past the ingest once: a week later, on another partition, in a batch spanning other times', async () => {
    await sink.write(range(6, 0, 0), [event('late-1', 'mnre', 3, '2022-03-01T08:00:00Z', 6, 0)]);

    await sink.write(range(7, 0, 2), [
      event('late-0', 'mnre', 1, '2022-01-01T00:00:00Z', 7, 0),
      event('late-1', 'mnre', 3, '2022-03-01T08:00:00Z', 7, 1),
      event('late-2', 'mnre', 1, '2022-06-01T00:00:00Z', 7, 2),
    ]);

    expect(await queryMetricTotal(client, { platform: 'gdx', metric: 'api_calls', agency: 'mnre' })).toEqual({ total: 5, events: 3 });
  });

  // A limit, not a guarantee: the ingest refuses an id reused with other content, so only a producer writing to the topic
  // directly can send one. Inside a batch the first by offset still wins; across batches the copy is a second event.
  it('keeps the first of one id sent with two event times in a batch, and counts the copy in a later batch as a second event', async () => {
    const first = event('moved', 'mol', 2, '2022-04-01T00:00:00Z', 8, 0);
    await sink.write(range(8, 0, 1), [first, event('moved', 'mol', 2, '2022-04-02T00:00:00Z', 8, 1)]);
    expect(await queryMetricTotal(client, { platform: 'gdx', metric: 'api_calls', agency: 'mol' })).toEqual({ total: 2, events: 1 });

    await sink.write(range(8, 2, 2), [event('moved', 'mol', 2, '2022-04-03T00:00:00Z', 8, 2)]);

    expect(await queryMetricTotal(client, { platform: 'gdx', metric: 'api_calls', agency: 'mol' })).toEqual({ total: 4, events: 2 });
    const audit = await client.query({
      query: `SELECT event_id, count() AS copies FROM usage_events GROUP BY source, event_id HAVING count() > 1`,
      format: 'JSONEachRow',
    });
    expect(await audit.json()).toEqual([{ event_id: 'moved', copies: '2' }]);
  });

  it('lets only one of two concurrent attempts at the same batch write it', async () => {
    const batch = Array.from({ length: 2000 }, (_, i) => event(`f${i}`, 'mot', 1, `2022-0${1 + (i % 9)}-15T00:00:00Z`, 3, i));
    await Promise.all([sink.write(range(3, 0, 1999), batch), sink.write(range(3, 0, 1999), batch), sink.write(range(3, 0, 1999), batch)]);

    expect(await queryMetricTotal(client, { platform: 'gdx', metric: 'api_calls', agency: 'mot' })).toEqual({ total: 2000, events: 2000 });
  });

  it('stores every field of a staged event as it was, whatever characters its strings hold', async () => {
    const awkward = 'tab\there, line\nbreak, cr\r, nul\u0000, back\\slash \\t, quote \' " and ไทย';
    const odd = { ...event(awkward, 'mdes', 1e-7, '2023-05-05T05:05:05Z', 4, 0), entity: awkward, dimensions: JSON.stringify({ channel: awkward }) };
    const large = { ...event('g', 'mdes', 1.5e21, '2023-05-05T05:05:06Z', 4, 1), value: 1.5e21 };
    await sink.write(range(4, 0, 1), [odd, large]);

    const rows = await client.query({
      query:
        `SELECT event_id, entity, dimensions, value, toUnixTimestamp(event_time) AS time ` +
        `FROM usage_events WHERE kafka_partition = 4 ORDER BY kafka_offset`,
      format: 'JSONEachRow',
    });
    expect(await rows.json()).toEqual([
      { event_id: awkward, entity: awkward, dimensions: odd.dimensions, value: 1e-7, time: odd.eventTime },
      { event_id: 'g', entity: large.entity, dimensions: '{}', value: 1.5e21, time: large.eventTime },
    ]);
  });

  it('does not let a crafted filter value escape its string literal', async () => {
    await expect(queryMetricTotal(client, { platform: "gdx' OR '1'='1", metric: 'api_calls' })).resolves.toEqual({ total: 0, events: 0 });
  });

  it('reads the total and event count of exactly the buckets asked for, over all their dimensions', async () => {
    await sink.write(range(5, 0, 1), [
      { ...event('bt-1', 'mict', 4, '2021-05-01T10:00:00+07:00', 5, 0), dimensions: '{"service":"a"}' },
      { ...event('bt-2', 'mict', 6, '2021-05-01T11:00:00+07:00', 5, 1), dimensions: '{"service":"b"}' },
    ]);
    const bucket = (agency: string, day: string) => ({ platform: 'gdx', metric: 'api_calls', agency, day });

    const totals = await queryBucketTotals(client, [
      bucket('mict', '2021-05-01'),
      bucket('moph', '2021-10-01'),
      bucket('mict', '2021-05-02'),
      bucket("o'neil", '2021-05-01'),
    ]);

    expect(totals.sort((a, b) => a.agency.localeCompare(b.agency))).toEqual([
      { ...bucket('mict', '2021-05-01'), total: 10, events: 2 },
      { ...bucket('moph', '2021-10-01'), total: 5, events: 1 },
    ]);
    expect(await queryBucketTotals(client, [])).toEqual([]);
  });
});
