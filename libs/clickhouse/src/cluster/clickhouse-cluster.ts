import type { ClickHouseClient, ClickHouseSettings } from '@clickhouse/client';
import type { BatchRange, ProjectedEvent, UsageBatchSink } from '@govmetrics/projection';
import type { ClickHouseConfig } from '../clickhouse-config';
import { ClickHouseError } from '../clickhouse-errors';
import { connectClickHouse } from '../create-clickhouse';
import type { Migration } from '../migrate';
import { migrate } from '../migrate';
import { ClickHouseUsageBatchSink } from '../usage/usage-batch.clickhouse.adapter';
import { clusterMigrations, localTable } from './cluster-ddl';
import { clusterFoldStatement } from './cluster-fold';

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

/** One shard's replicas: writes go to one of them, and move to the next when it fails. */
class ShardWriter {
  private preferred = 0;

  constructor(private readonly replicas: readonly ClickHouseUsageBatchSink[]) {}

  async write(range: BatchRange, events: readonly ProjectedEvent[]): Promise<void> {
    const replica = this.preferred;
    try {
      await (this.replicas[replica] as ClickHouseUsageBatchSink).write(range, events);
    } catch (error) {
      // The consumer retries the whole batch (stage and fold); the retry goes to the next replica.
      if (error instanceof ClickHouseError && error.retriable) this.preferred = (replica + 1) % this.replicas.length;
      throw error;
    }
  }

  dropStagedBefore(now: Date): Promise<number> {
    return (this.replicas[this.preferred] as ClickHouseUsageBatchSink).dropStagedBefore(now);
  }
}

/**
 * The projector's sink on a cluster: Kafka partition p folds on shard p mod shards, so a partition's events and every
 * resend of them (same key, same partition) meet the same shard's look-up. docs/cluster.md.
 */
export class ClickHouseClusterSink implements UsageBatchSink {
  private readonly shards: ShardWriter[];

  constructor(nodes: readonly (readonly ClickHouseClient[])[], database: string) {
    this.shards = nodes.map(
      (replicas) =>
        new ShardWriter(
          replicas.map(
            (client) =>
              new ClickHouseUsageBatchSink(client, {
                database,
                stagingTable: localTable('usage_events_staging'),
                foldStatement: clusterFoldStatement,
                settings: quorumSettings(replicas.length),
              }),
          ),
        ),
    );
  }

  write(range: BatchRange, events: readonly ProjectedEvent[]): Promise<void> {
    return (this.shards[range.partition % this.shards.length] as ShardWriter).write(range, events);
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
