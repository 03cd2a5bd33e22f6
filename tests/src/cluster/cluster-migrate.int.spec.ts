import type { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseConfigSchema, connectClickHouseCluster, migrateCluster, USAGE_MIGRATIONS } from '@govmetrics/clickhouse';
import { LocalCluster } from '@govmetrics/devkit';
import { randomBytes } from 'node:crypto';

const database = `cluster_migrate_${randomBytes(5).toString('hex')}`;
let cluster: LocalCluster;
let projectors: ClickHouseClient[][][];

beforeAll(async () => {
  cluster = await LocalCluster.use();
  const config = ClickHouseConfigSchema.parse({ ...cluster.env, CLICKHOUSE_DATABASE: database });
  projectors = [await connectClickHouseCluster(config), await connectClickHouseCluster(config)];
}, 300_000);

afterAll(async () => {
  for (const client of projectors?.flat(2) ?? []) {
    await client.command({ query: `DROP DATABASE IF EXISTS ${database}` }).catch(() => undefined);
    await client.close();
  }
  await cluster?.release();
}, 300_000);

async function one(client: ClickHouseClient, query: string): Promise<string> {
  const [row] = await (await client.query({ query, format: 'JSONEachRow' })).json<{ value: string }>();
  return String(row?.value);
}

describe('two projectors starting together on an empty cluster database', () => {
  it('both finish migrating, every server records every version, and usage_events has the by-time order', async () => {
    // Given two projector replicas, each with its own connections to every server, started at the same moment
    const placement = { cluster: cluster.env.CLICKHOUSE_CLUSTER as string, database };
    // When both migrate the cluster's tables at once (migration 3 copies and swaps a table on each server)
    await Promise.all(projectors.map((nodes) => migrateCluster(nodes, USAGE_MIGRATIONS, placement)));

    // Then every server holds every version once or more, and the local table of usage_events is ordered by time
    const latest = Math.max(...USAGE_MIGRATIONS.map((m) => m.version));
    for (const client of (projectors[0] ?? []).flat()) {
      expect(await one(client, 'SELECT toString(uniqExact(version)) AS value FROM schema_migrations')).toBe(String(USAGE_MIGRATIONS.length));
      expect(await one(client, 'SELECT toString(max(version)) AS value FROM schema_migrations')).toBe(String(latest));
      const [table] = await (await client.query({ query: 'SHOW CREATE TABLE usage_events_local', format: 'JSONEachRow' })).json<{ statement: string }>();
      expect(table?.statement).toMatch(/ORDER BY \(source, event_time, event_id\)/);
    }
  }, 300_000);
});
