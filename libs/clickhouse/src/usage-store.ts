import type { ClickHouseClient } from '@clickhouse/client';
import type { UsageBatchSink } from '@govmetrics/projection';
import type { ClickHouseConfig } from './clickhouse-config';
import { ClickHouseClusterSink, connectClickHouseCluster, migrateCluster } from './cluster/clickhouse-cluster';
import { connectClickHouse } from './create-clickhouse';
import { migrate } from './migrate';
import { ClickHouseUsageBatchSink } from './usage/usage-batch.clickhouse.adapter';
import { USAGE_MIGRATIONS } from './usage/usage.migrations';

/** The usage read model's writer, migrated: the projector's and `rebuild`'s, on one server or a cluster alike. */
export interface UsageStore {
  sink: UsageBatchSink & { dropStagedBefore(now: Date): Promise<number> };
  /** Where the store's tables are read (on a cluster: the first server, whose Distributed tables span every shard). */
  reader: ClickHouseClient;
  close(): Promise<void>;
}

/** One server, or with CLICKHOUSE_CLUSTER set the cluster of CLICKHOUSE_SHARD_URLS (docs/cluster.md). */
export async function openUsageStore(config: ClickHouseConfig): Promise<UsageStore> {
  if (config.CLICKHOUSE_CLUSTER === '') {
    const client = await connectClickHouse(config);
    await migrate(client, USAGE_MIGRATIONS);
    return { sink: new ClickHouseUsageBatchSink(client, { database: config.CLICKHOUSE_DATABASE }), reader: client, close: () => client.close() };
  }
  const nodes = await connectClickHouseCluster(config);
  const close = async () => void (await Promise.all(nodes.flat().map((client) => client.close())));
  try {
    await migrateCluster(nodes, USAGE_MIGRATIONS, { cluster: config.CLICKHOUSE_CLUSTER, database: config.CLICKHOUSE_DATABASE });
  } catch (error) {
    await close();
    throw error;
  }
  return { sink: new ClickHouseClusterSink(nodes, config.CLICKHOUSE_DATABASE), reader: nodes[0]?.[0] as ClickHouseClient, close };
}
