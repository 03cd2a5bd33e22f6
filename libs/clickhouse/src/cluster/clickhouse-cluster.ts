import type { ClickHouseClient, ClickHouseSettings } from '@clickhouse/client';
import type { BatchRange, ProjectedEvent, UsageBatchSink } from '@govmetrics/projection';
import type { ClickHouseConfig } from '../clickhouse-config';
import { ClickHouseError } from '../clickhouse-errors';
import { connectClickHouse } from '../create-clickhouse';
import type { Migration } from '../migrate';
import { migrate } from '../migrate';
import { ClickHouseUsageBatchSink } from '../usage/usage-batch.clickhouse.adapter';
import { clusterMigrations, localTable } from './cluster-ddl';
import { CLUSTER_FOLD_REPAIR, clusterFoldStatement } from './cluster-fold';
import { untilNoQuorumPending } from './quorum-pending';

/**
 * Every write waits until all replicas of the shard hold it (`insert_quorum`), and every read of a write's look-up sees
 * every such write (`select_sequential_consistency`): a fold retried on the other replica finds the first one's events.
 */
export const quorumSettings = (replicas: number): ClickHouseSettings => ({
  insert_quorum: String(replicas),
  // A quorum not met in a minute fails the write (retriable); later writes wait until it is met (code 286).
  insert_quorum_timeout: 60_000,
  select_sequential_consistency: '1',
});

export interface ShardReplica {
  client: ClickHouseClient;
  database: string;
  /** 0-based: names the shard's fold lock. */
  shard: number;
  replicas: number;
  /** Default {@link quorumSettings}; the int spec turns the quorum off to prove the other mechanism alone. */
  settings?: ClickHouseSettings;
}

/**
 * The projector's sink on one replica of a shard: the cluster fold, with quorum, one fold of the shard at a time on
 * the server (its query id names the shard: quorum writes of a table are serialized anyway, and a second fold's view
 * insert would otherwise be refused after its raw rows were written), and only once no quorum write is pending.
 */
export function shardReplicaSink({ client, database, shard, replicas, settings }: ShardReplica): ClickHouseUsageBatchSink {
  return new ClickHouseUsageBatchSink(client, {
    database,
    stagingTable: localTable('usage_events_staging'),
    foldStatement: clusterFoldStatement,
    settings: settings ?? quorumSettings(replicas),
    foldQueryId: () => `fold:${database}:shard-${shard + 1}`,
    beforeFold: () => untilNoQuorumPending(client, database, 120_000),
    repair: CLUSTER_FOLD_REPAIR,
  });
}

/**
 * The projector's sink on a cluster: Kafka partition p folds on shard p mod shards, so a partition's events and every
 * resend of them (same key, same partition) meet the same shard's look-up. Every writer folds a shard on its first
 * replica, so the shard's fold lock is always on one server; with a quorum of all replicas no other replica could
 * take writes while one is down anyway (code 285). docs/cluster.md.
 */
export class ClickHouseClusterSink implements UsageBatchSink {
  private readonly shards: ClickHouseUsageBatchSink[];

  constructor(nodes: readonly (readonly ClickHouseClient[])[], database: string) {
    this.shards = nodes.map((clients, shard) => shardReplicaSink({ client: clients[0] as ClickHouseClient, database, shard, replicas: clients.length }));
  }

  write(range: BatchRange, events: readonly ProjectedEvent[]): Promise<void> {
    return (this.shards[range.partition % this.shards.length] as ClickHouseUsageBatchSink).write(range, events);
  }

  async dropStagedBefore(now: Date): Promise<number> {
    let dropped = 0;
    for (const shard of this.shards) dropped += await shard.dropStagedBefore(now);
    return dropped;
  }
}

/** A client per server of the cluster, by shard, each bound to the database (created on every server first). */
export async function connectClickHouseCluster(config: ClickHouseConfig): Promise<ClickHouseClient[][]> {
  if (config.CLICKHOUSE_SHARD_URLS.length === 0) throw new ClickHouseError('CLICKHOUSE_CLUSTER is set but CLICKHOUSE_SHARD_URLS names no server', false);
  const nodes: ClickHouseClient[][] = [];
  for (const shard of config.CLICKHOUSE_SHARD_URLS) {
    const replicas: ClickHouseClient[] = [];
    for (const url of shard) replicas.push(await connectClickHouse({ ...config, CLICKHOUSE_URL: url }));
    nodes.push(replicas);
  }
  return nodes;
}

/** Applies the cluster form of `migrations` on every server: each records its own schema_migrations. */
export async function migrateCluster(
  nodes: readonly (readonly ClickHouseClient[])[],
  migrations: readonly Migration[],
  placement: { cluster: string; database: string },
): Promise<void> {
  const onCluster = clusterMigrations(migrations, placement);
  for (const client of nodes.flat()) await migrate(client, onCluster);
}
