import type { ClickHouseClient } from '@clickhouse/client';
import type { ProjectedEvent } from '@govmetrics/projection';
import { toProjectedEvent } from '@govmetrics/projection';
import { randomUUID } from 'node:crypto';
import { ClickHouseConfigSchema } from '../clickhouse-config';
import { connectClickHouse } from '../create-clickhouse';
import { migrate } from '../migrate';
import { queryMetricTotal } from './metric-total.query';
import { ClickHouseUsageBatchSink } from './usage-batch.clickhouse.adapter';
import { queryUsageChecksums } from './usage-checksums.query';
import { USAGE_MIGRATIONS } from './usage.migrations';

/** The tables the schema had up to migration 4: the moves keep their checksums. */
const checksums = (client: ClickHouseClient) => queryUsageChecksums(client, ['usage_events', 'usage_hourly', 'usage_daily']);

/** The moves of `usage_events` into another layout, each with its table's order and granularity before and after. */
const MOVES = [
  { version: 3, before: { order: 'source, event_id', granularity: '8192' }, after: { order: 'source, event_time, event_id', granularity: '8192' } },
  { version: 4, before: { order: 'source, event_time, event_id', granularity: '8192' }, after: { order: 'source, event_time, event_id', granularity: '1024' } },
];

/** Event `i` of a partition: five agencies, values 0–6, times spread over 2021 and 2022 (many months, late ones included). */
const event = (partition: number, i: number): ProjectedEvent =>
  toProjectedEvent(
    {
      specversion: '1.0',
      id: `${partition}-${i}`,
      source: `urn:dga:platform:${['gdx', 'mailgothai'][i % 2]}`,
      type: 'th.go.dga.usage.recorded.v1',
      time: new Date(Date.UTC(2021, 0, 1) + ((i * 7919) % 730) * 86_400_000 + (i % 86_400) * 1000).toISOString(),
      data: { platform: ['gdx', 'mailgothai'][i % 2] as string, metric: 'api_calls', agency: `a${i % 5}`, value: i % 7, entity: `u-${i % 300}` },
    },
    partition,
    String(i),
  );

const batch = (partition: number, first: number, count: number) => Array.from({ length: count }, (_, k) => event(partition, first + k));
const range = (partition: number, first: number, count: number) => ({ partition, firstOffset: String(first), lastOffset: String(first + count - 1) });

describe.each(MOVES)(
  'migration $version: usage_events moved from ($before.order) in granules of $before.granularity to ($after.order) in granules of $after.granularity',
  ({ version, before: layoutBefore, after: layoutAfter }) => {
    const config = ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: `t_${randomUUID().replace(/-/g, '')}` });
    const move = USAGE_MIGRATIONS.find((migration) => migration.version === version);
    let client: ClickHouseClient;
    let sink: ClickHouseUsageBatchSink;
    const tables = async () =>
      (await (await client.query({ query: 'SHOW TABLES', format: 'JSONEachRow' })).json<{ name: string }>()).map((row) => row.name).sort();
    const layoutOfEvents = async () => {
      const result = await client.query({ query: 'SHOW CREATE TABLE usage_events', format: 'JSONEachRow' });
      const statement = (await result.json<{ statement: string }>())[0]?.statement ?? '';
      return { order: /ORDER BY \(([^)]*)\)/.exec(statement)?.[1], granularity: /index_granularity = (\d+)/.exec(statement)?.[1] };
    };

    beforeAll(async () => {
      client = await connectClickHouse(config);
      sink = new ClickHouseUsageBatchSink(client, { database: config.CLICKHOUSE_DATABASE });
      // Given a database of the layout before the move, written by the projector (3 partitions, 12,000 events)
      const earlier = USAGE_MIGRATIONS.filter((migration) => migration.version < version);
      expect(await migrate(client, earlier)).toEqual(earlier.map((migration) => migration.version));
      for (const partition of [0, 1, 2]) for (const first of [0, 2000]) await sink.write(range(partition, first, 2000), batch(partition, first, 2000));
    }, 120_000);

    afterAll(async () => {
      await client.command({ query: `DROP DATABASE IF EXISTS ${config.CLICKHOUSE_DATABASE}` });
      await client.close();
    });

    it('keeps every checksum (raw events, hourly and daily aggregates) and leaves the new order and no leftover table', async () => {
      expect(await layoutOfEvents()).toEqual(layoutBefore);
      const before = await checksums(client);
      expect(before.map((checksum) => checksum.rows)[0]).toBe(12_000);

      expect(
        await migrate(
          client,
          USAGE_MIGRATIONS.filter((migration) => migration.version <= version),
        ),
      ).toEqual([version]);

      expect(await checksums(client)).toEqual(before);
      expect(await layoutOfEvents()).toEqual(layoutAfter);
      expect(await tables()).toEqual([
        'schema_migrations',
        'usage_daily',
        'usage_daily_mv',
        'usage_events',
        'usage_events_staging',
        'usage_hourly',
        'usage_hourly_mv',
      ]);
    });

    it('counts a batch folded before the move once when it is written again after it, and a new batch once in the daily aggregates', async () => {
      const total = await queryMetricTotal(client, { platform: 'gdx', metric: 'api_calls' });

      await sink.write(range(0, 0, 2000), batch(0, 0, 2000));
      await sink.write(range(0, 4000, 2000), batch(0, 4000, 2000));

      const added = batch(0, 4000, 2000).filter((e) => e.platform === 'gdx');
      const sum = added.reduce((s, e) => s + e.value, 0);
      expect(await queryMetricTotal(client, { platform: 'gdx', metric: 'api_calls' })).toEqual({
        total: total.total + sum,
        events: total.events + added.length,
      });
      expect((await checksums(client))[0]?.rows).toBe(14_000);
    });

    it('changes nothing when its statements run again, as after a crash between the last one and recording the version', async () => {
      const before = await checksums(client);

      expect(move?.statements.length).toBeGreaterThan(0);
      for (const statement of move?.statements ?? []) await client.command({ query: statement });

      expect(await checksums(client)).toEqual(before);
      expect(await layoutOfEvents()).toEqual(layoutAfter);
    });
  },
);
