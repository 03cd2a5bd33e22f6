import type { ClickHouseClient } from '@clickhouse/client';
import {
  ClickHouseConfigSchema,
  connectClickHouseCluster,
  migrateCluster,
  quorumSettings,
  serverCodeOf,
  shardReplicaSink,
  USAGE_MIGRATIONS,
} from '@govmetrics/clickhouse';
import { DependencyError } from '@govmetrics/contracts';
import { PrivateCluster } from '@govmetrics/devkit';
import type { BatchRange, ProjectedEvent } from '@govmetrics/projection';
import { randomBytes } from 'node:crypto';

// Issue 12's hole (docs/faults.md): a fold whose quorum failed after its raw part was written, before the views wrote theirs.
const database = `fold_repair_${randomBytes(4).toString('hex')}`;
const BANGKOK_MS = 7 * 3_600_000;
let cluster: PrivateCluster;
let nodes: ClickHouseClient[][];
const [replica1, replica2] = [() => nodes[0]?.[0] as ClickHouseClient, () => nodes[0]?.[1] as ClickHouseClient];

beforeAll(async () => {
  // Ports +400: offsets 0-300 are the shared cluster's and other suites'. Replica 2 of shard 1 gets killed.
  cluster = await PrivateCluster.start(400);
  const config = ClickHouseConfigSchema.parse({ ...cluster.env, CLICKHOUSE_DATABASE: database });
  nodes = await connectClickHouseCluster(config);
  await migrateCluster(nodes, USAGE_MIGRATIONS, { cluster: config.CLICKHOUSE_CLUSTER, database });
}, 900_000);

afterAll(async () => {
  for (const client of nodes?.flat() ?? []) await client.close();
  await cluster?.destroy();
}, 300_000);

/** `count` events of `platform` on `partition` (shard 1 when even), values as the fault suite's `1 + (7919 n mod 1000)`. */
function batch(platform: string, partition: number, count: number): { range: BatchRange; events: ProjectedEvent[] } {
  const events = Array.from({ length: count }, (_, n) => ({
    eventId: `${platform}-${n}`,
    source: `urn:dga:platform:${platform}`,
    platform,
    metric: 'api_calls',
    agency: `agency-${n % 3}`,
    value: 1 + ((7919 * n) % 1000),
    entity: `citizen-${n % 11}`,
    dimensions: '{}',
    eventTime: Date.UTC(2021, 2, 1 + (n % 20), n % 24) / 1000,
    partition,
    offset: String(n),
  }));
  return { range: { partition, firstOffset: '0', lastOffset: String(count - 1) }, events };
}

/** Per Bangkok day: [count, sum], from the events themselves. */
function expectedDaily(events: readonly ProjectedEvent[]): Record<string, [number, number]> {
  const days: Record<string, [number, number]> = {};
  for (const event of events) {
    const day = new Date(event.eventTime * 1000 + BANGKOK_MS).toISOString().slice(0, 10);
    const [count, sum] = days[day] ?? [0, 0];
    days[day] = [count + 1, sum + event.value];
  }
  return days;
}

async function rows<T>(client: ClickHouseClient, query: string): Promise<T[]> {
  return (await client.query({ query, format: 'JSONEachRow' })).json<T>();
}

/** What the Distributed tables say, read on shard 2 (so shard 1's rows come over the network, as readers get them). */
async function distributed(platform: string) {
  const reader = nodes[1]?.[0] as ClickHouseClient;
  const where = `WHERE platform = '${platform}'`;
  const daily = await rows<{ day: string; n: string; total: number }>(
    reader,
    `SELECT toString(day) AS day, countMerge(event_count) AS n, sumMerge(value_sum) AS total FROM usage_daily ${where} GROUP BY day`,
  );
  return {
    events: await countOn(reader, `usage_events ${where}`),
    ids: await countOn(reader, `usage_events ${where}`, 'uniqExact(event_id)'),
    hourly: await countOn(reader, `usage_hourly ${where}`, 'countMerge(event_count)'),
    daily: Object.fromEntries(daily.map(({ day, n, total }) => [day, [Number(n), total]])),
  };
}

const countOn = async (client: ClickHouseClient, table: string, column = 'count()') =>
  Number((await rows<{ n: string }>(client, `SELECT ${column} AS n FROM ${table}`))[0]?.n);

/** What replica 1 holds of `platform` right after the failed fold, read without sequential consistency. */
const heldOnReplica1 = async (platform: string, failure: unknown) => ({
  code: serverCodeOf((failure as { cause?: unknown } | undefined)?.cause ?? failure)?.code,
  raw: await countOn(replica1(), `usage_events_local WHERE platform = '${platform}'`),
  daily: await countOn(replica1(), `usage_daily_local WHERE platform = '${platform}'`, 'countMerge(event_count)'),
  hourly: await countOn(replica1(), `usage_hourly_local WHERE platform = '${platform}'`, 'countMerge(event_count)'),
});

async function untilHeldOnReplica1(platform: string, count: number): Promise<void> {
  while ((await countOn(replica1(), `usage_events_local WHERE platform = '${platform}'`)) < count) await new Promise((later) => setTimeout(later, 50));
}

const fetches = (verb: 'STOP' | 'START') => replica2().command({ query: `SYSTEM ${verb} FETCHES ${database}.usage_events_local` });
const failed = (attempt: Promise<void>) =>
  attempt.then(
    () => new Error('the fold succeeded'),
    (error: unknown) => error,
  );

/** As the projector writes a batch: again after each retriable failure (a replica just back may still time out a quorum). */
async function retried(write: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      return await write();
    } catch (error) {
      if (!(error instanceof DependencyError && error.retriable) || Date.now() > deadline) throw error;
      await new Promise((later) => setTimeout(later, 1000));
    }
  }
}

describe('the cluster fold when replica 2 is lost while the fold waits for its quorum', () => {
  // The projector's sink on shard 1, its quorum timeout shortened from 60 s so the failure comes quickly.
  const sink = () =>
    shardReplicaSink({ client: replica1(), database, shard: 0, replicas: 2, settings: { ...quorumSettings(2), insert_quorum_timeout: 5_000 } });

  it('counts every event in usage_daily and usage_hourly once the batch is retried, when replica 2 fetched nothing', async () => {
    const { range, events } = batch('stalled', 0, 240);
    // Given replica 2 fetches nothing of usage_events_local: staging replicates, the fold's raw part cannot
    await fetches('STOP');
    let held: Awaited<ReturnType<typeof heldOnReplica1>>;
    try {
      // When the fold runs: its quorum times out after the raw part was written on replica 1
      held = await heldOnReplica1('stalled', await failed(sink().write(range, events)));
    } finally {
      await fetches('START');
    }
    // 18.16 keeps the raw part after the quorum timeout (319) and runs no view: the hole's precondition.
    console.log('after the failed fold, on replica 1:', held);
    expect(held).toEqual({ code: 319, raw: 240, daily: 0, hourly: 0 });

    // And replica 2 catches up (the quorum completes), and the projector retries the batch as after any retriable error
    await retried(() => sink().write(range, events));

    // Then the Distributed tables hold every event once, and the aggregates count every one of them
    expect(await distributed('stalled')).toEqual({ events: 240, ids: 240, hourly: 240, daily: expectedDaily(events) });
  }, 600_000);

  it('counts every event in usage_daily and usage_hourly once the batch is retried, when replica 2 was killed -9', async () => {
    const { range, events } = batch('killed', 2, 240);
    // Given a fold whose raw part is on replica 1 and not yet on replica 2
    await fetches('STOP');
    const attempt = failed(sink().write(range, events));
    let killed = false;
    try {
      await untilHeldOnReplica1('killed', 240);
      // When replica 2 is killed -9 while the fold waits for its quorum
      await cluster.kill('clickhouse-1-2');
      killed = true;
      const held = await heldOnReplica1('killed', await attempt);
      console.log('after the failed fold, on replica 1:', held);
      expect(held).toEqual({ code: 319, raw: 240, daily: 0, hourly: 0 });
    } finally {
      // And replica 2 starts again (fetching again: SYSTEM STOP FETCHES does not outlive a restart)
      if (killed) await cluster.start('clickhouse-1-2');
      else await fetches('START');
      await attempt;
    }
    await retried(() => sink().write(range, events));

    // Then the Distributed tables hold every event once, and the aggregates count every one of them
    expect(await distributed('killed')).toEqual({ events: 240, ids: 240, hourly: 240, daily: expectedDaily(events) });
  }, 600_000);
});
