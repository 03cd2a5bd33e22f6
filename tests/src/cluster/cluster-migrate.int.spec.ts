import type { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseConfigSchema, connectClickHouseCluster, migrateCluster, USAGE_EVENT_COLUMNS, USAGE_MIGRATIONS } from '@govmetrics/clickhouse';
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
  it('both finish migrating, every server records every version, and usage_events has the by-time order in granules of 1,024 rows', async () => {
    // Given two projector replicas, each with its own connections to every server, started at the same moment
    const placement = { cluster: cluster.env.CLICKHOUSE_CLUSTER as string, database };
    // When both migrate the cluster's tables at once (migrations 3 and 4 copy and swap a table on each server)
    await Promise.all(projectors.map((nodes) => migrateCluster(nodes, USAGE_MIGRATIONS, placement)));

    // Then every server holds every version once or more, and the local table of usage_events is replicated, ordered by time, finely indexed
    const latest = Math.max(...USAGE_MIGRATIONS.map((m) => m.version));
    for (const client of (projectors[0] ?? []).flat()) {
      expect(await one(client, 'SELECT toString(uniqExact(version)) AS value FROM schema_migrations')).toBe(String(USAGE_MIGRATIONS.length));
      expect(await one(client, 'SELECT toString(max(version)) AS value FROM schema_migrations')).toBe(String(latest));
      const [table] = await (await client.query({ query: 'SHOW CREATE TABLE usage_events_local', format: 'JSONEachRow' })).json<{ statement: string }>();
      expect(table?.statement).toMatch(/ENGINE = ReplicatedMergeTree\(.*ORDER BY \(source, event_time, event_id\) SETTINGS index_granularity = 1024$/);
    }
  }, 300_000);
});

describe('a cluster database that already holds events, meeting a migration that copies usage_events', () => {
  const populated = `${database}_populated`;
  let nodes: ClickHouseClient[][];

  afterAll(async () => {
    for (const client of nodes?.flat() ?? []) {
      await client.command({ query: `DROP DATABASE IF EXISTS ${populated}` }).catch(() => undefined);
      await client.close();
    }
  }, 300_000);

  it('refuses to copy before any of its statements, names the migration and what to do instead, and leaves every event counted once', async () => {
    // Given a cluster database at the layout before migration 4, holding events on both shards
    nodes = await connectClickHouseCluster(ClickHouseConfigSchema.parse({ ...cluster.env, CLICKHOUSE_DATABASE: populated }));
    const placement = { cluster: cluster.env.CLICKHOUSE_CLUSTER as string, database: populated };
    await migrateCluster(
      nodes,
      USAGE_MIGRATIONS.filter((m) => m.version < 4),
      placement,
    );
    const [first] = nodes[0] ?? [];
    await first?.command({
      query: `INSERT INTO usage_events (${USAGE_EVENT_COLUMNS})
              SELECT toString(number), 'urn:dga:platform:gdx', 'gdx', 'api_calls', 'moph', 1, '', '{}', now(), 0, number, now() FROM numbers(1000)`,
      clickhouse_settings: { insert_distributed_sync: 1 },
    });

    // When migration 4 meets it
    const failure = await migrateCluster(nodes, USAGE_MIGRATIONS, placement).catch((error: unknown) => error);

    // Then it is refused with the reason, and the events are there once each
    expect(String(failure)).toMatch(/schema migration 4 .*rebuild into a new database instead/);
    expect(await one(first as ClickHouseClient, 'SELECT toString(count()) AS value FROM usage_events')).toBe('1000');
    expect(await one(first as ClickHouseClient, 'SELECT toString(max(version)) AS value FROM schema_migrations')).toBe('3');
    // And nothing of the step ran: the refusal is its first statement, before it creates the table it would copy into
    const created = `SELECT toString(count()) AS value FROM system.tables WHERE database = '${populated}' AND name LIKE 'usage_events_fine%'`;
    for (const client of nodes.flat()) expect(await one(client, created)).toBe('0');
  }, 300_000);
});
