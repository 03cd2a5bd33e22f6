import type { ClickHouseClient, ClickHouseSettings } from '@clickhouse/client';
import {
  ClickHouseClusterSink,
  ClickHouseConfigSchema,
  connectClickHouseCluster,
  migrateCluster,
  shardReplicaSink,
  USAGE_MIGRATIONS,
} from '@govmetrics/clickhouse';
import { LocalCluster } from '@govmetrics/devkit';
import type { BatchRange, ProjectedEvent } from '@govmetrics/projection';
import { randomBytes } from 'node:crypto';

const database = `cluster_fold_${randomBytes(5).toString('hex')}`;
let cluster: LocalCluster;
let nodes: ClickHouseClient[][];

beforeAll(async () => {
  cluster = await LocalCluster.use();
  const config = ClickHouseConfigSchema.parse({ ...cluster.env, CLICKHOUSE_DATABASE: database });
  nodes = await connectClickHouseCluster(config);
  await migrateCluster(nodes, USAGE_MIGRATIONS, { cluster: config.CLICKHOUSE_CLUSTER, database });
}, 300_000);

afterAll(async () => {
  for (const client of nodes?.flat() ?? []) {
    await client.command({ query: `DROP DATABASE IF EXISTS ${database}` }).catch(() => undefined);
    await client.close();
  }
  await cluster?.release();
}, 300_000);

/** `count` events of one Kafka partition from `firstOffset`, with ids `<prefix>-<i>`; value 1 each. */
function batch(partition: number, firstOffset: number, count: number, prefix: string): { range: BatchRange; events: ProjectedEvent[] } {
  const events = Array.from({ length: count }, (_, i) => ({
    eventId: `${prefix}-${i}`,
    source: 'urn:dga:platform:gdx',
    platform: 'gdx',
    metric: 'api_calls',
    agency: `agency-${i % 7}`,
    value: 1,
    entity: '',
    dimensions: '{}',
    eventTime: Date.UTC(2021, 2, 1 + (i % 20)) / 1000,
    partition,
    offset: String(firstOffset + i),
  }));
  return { range: { partition, firstOffset: String(firstOffset), lastOffset: String(firstOffset + count - 1) }, events };
}

/** The sink of ONE replica, as the projector's would be when that replica is the one it reaches. */
const replicaSink = (shard: number, replica: number, settings?: ClickHouseSettings) =>
  shardReplicaSink({ client: nodes[shard]?.[replica] as ClickHouseClient, database, shard, replicas: 2, settings });

async function figures(client: ClickHouseClient, prefix: string) {
  const where = `WHERE event_id LIKE '${prefix}-%'`;
  const result = await client.query({
    query: `SELECT
      (SELECT count() FROM usage_events ${where}) AS events,
      (SELECT uniqExact(event_id) FROM usage_events ${where}) AS ids,
      (SELECT countMerge(event_count) FROM usage_daily WHERE platform = 'gdx') AS daily_all,
      (SELECT count() FROM usage_events_local ${where}) AS on_this_replica`,
    format: 'JSONEachRow',
  });
  const [row] = await result.json<Record<'events' | 'ids' | 'daily_all' | 'on_this_replica', string>>();
  return { events: Number(row?.events), ids: Number(row?.ids), daily_all: Number(row?.daily_all), on_this_replica: Number(row?.on_this_replica) };
}

/** Every gdx event the daily aggregates count, over both shards. */
const dailyTotal = async () => (await figures(nodes[0]?.[0] as ClickHouseClient, 'none')).daily_all;

const [replica1, replica2] = [() => nodes[0]?.[0] as ClickHouseClient, () => nodes[0]?.[1] as ClickHouseClient];
const fetches = (verb: 'STOP' | 'START') => replica2().command({ query: `SYSTEM ${verb} FETCHES ${database}.usage_events_local` });

/** Until replica 1 holds `count` events of `prefix` itself, whether or not its write was confirmed yet. */
async function heldByReplica1(prefix: string, count: number): Promise<void> {
  for (;;) {
    const result = await replica1().query({ query: `SELECT count() AS n FROM usage_events_local WHERE event_id LIKE '${prefix}-%'`, format: 'JSONEachRow' });
    if (Number((await result.json<{ n: string }>())[0]?.n) >= count) return;
    await new Promise((later) => setTimeout(later, 50));
  }
}

/**
 * Replica 2 lags: it fetches nothing of usage_events until `lagMs` after replica 1 wrote `prefix`'s events; meanwhile
 * `second` runs there. This is the moment a retried fold reaches a replica that has not seen the first one.
 */
async function withReplica2Lagging(prefix: string, count: number, first: () => Promise<void>, second: () => Promise<void>, lagMs = 1500) {
  await fetches('STOP');
  try {
    const firstDone = first();
    await heldByReplica1(prefix, count);
    const secondDone = second();
    await new Promise((later) => setTimeout(later, lagMs));
    await fetches('START');
    await Promise.all([firstDone, secondDone]);
  } finally {
    await fetches('START');
  }
}

describe('the projector’s fold on a 2x2 ClickHouse cluster', () => {
  it('counts a batch once when it is folded on replica 1 and retried on replica 2 before replica 2 fetched it', async () => {
    const before = await dailyTotal();
    const { range, events } = batch(0, 0, 500, 'retried');
    await withReplica2Lagging(
      'retried',
      500,
      () => replicaSink(0, 0).write(range, events),
      () => replicaSink(0, 1).write(range, events),
    );
    for (const client of nodes[0] ?? []) expect(await figures(client, 'retried')).toMatchObject({ events: 500, ids: 500, on_this_replica: 500 });
    expect((await dailyTotal()) - before).toBe(500);
  });

  it('does not count a resend in a later batch folded on replica 2 before replica 2 fetched the first', async () => {
    const before = await dailyTotal();
    const first = batch(2, 0, 300, 'resent');
    const later = batch(2, 300, 300, 'resent'); // the same 300 ids at new offsets: a resend that slipped past the ingest
    await withReplica2Lagging(
      'resent',
      300,
      () => replicaSink(0, 0).write(first.range, first.events),
      () => replicaSink(0, 1).write(later.range, later.events),
    );
    for (const client of nodes[0] ?? []) expect(await figures(client, 'resent')).toMatchObject({ events: 300, ids: 300, on_this_replica: 300 });
    expect((await dailyTotal()) - before).toBe(300);
  });

  it('drops a repeat whose look-up cannot see the first fold: every attempt of a batch writes the identical block', async () => {
    const before = await dailyTotal();
    const { range, events } = batch(4, 0, 400, 'deduplicated');
    // Without quorum, so that only the block deduplication stands between the repeat and a second count.
    const unquorate = (replica: number) => replicaSink(0, replica, {});
    await fetches('STOP');
    try {
      await unquorate(0).write(range, events);
      await replica2().command({ query: `SYSTEM SYNC REPLICA ${database}.usage_events_staging_local` });
      await unquorate(1).write(range, events);
    } finally {
      await fetches('START');
    }
    await replica2().command({ query: `SYSTEM SYNC REPLICA ${database}.usage_events_local` });
    for (const client of nodes[0] ?? []) expect(await figures(client, 'deduplicated')).toMatchObject({ events: 400, ids: 400, on_this_replica: 400 });
    expect((await dailyTotal()) - before).toBe(400);
  });

  it('keeps every aggregate when the partitions of one shard fold at the same time', async () => {
    const before = await dailyTotal();
    const batches = Array.from({ length: 8 }, (_, i) => batch(8 + 2 * i, 0, 200, `concurrent-${i}`));
    await Promise.all(batches.map(({ range, events }) => replicaSink(0, 0).write(range, events)));
    expect(await figures(replica1(), 'concurrent')).toMatchObject({ events: 1_600, on_this_replica: 1_600 });
    expect((await dailyTotal()) - before).toBe(1_600);
  });

  it('folds partition p on shard p mod 2, and the Distributed tables read both shards', async () => {
    const sink = new ClickHouseClusterSink(nodes, database);
    const even = batch(6, 0, 200, 'routed-even');
    const odd = batch(7, 0, 100, 'routed-odd');
    await sink.write(even.range, even.events);
    await sink.write(odd.range, odd.events);
    const [shard1, shard2] = [nodes[0]?.[1] as ClickHouseClient, nodes[1]?.[1] as ClickHouseClient];
    expect(await figures(shard1, 'routed-even')).toMatchObject({ events: 200, on_this_replica: 200 });
    expect(await figures(shard2, 'routed-even')).toMatchObject({ events: 200, on_this_replica: 0 });
    expect(await figures(shard1, 'routed-odd')).toMatchObject({ events: 100, on_this_replica: 0 });
    expect(await figures(shard2, 'routed-odd')).toMatchObject({ events: 100, on_this_replica: 100 });
  });
});
