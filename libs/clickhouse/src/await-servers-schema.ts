import type { ClickHouseConfig } from './clickhouse-config';
import { connectClickHouseReader } from './create-clickhouse';
import type { AwaitSchemaOptions, Migration } from './migrate';
import { awaitSchema } from './migrate';

/**
 * `awaitSchema` on every server a reader's queries may reach: with CLICKHOUSE_CLUSTER set, each server of
 * CLICKHOUSE_SHARD_URLS, since a read of a Distributed table touches a replica of every shard and the projector
 * migrates the servers one after another (a reader that checked only its own server read a table another shard did
 * not have yet, code 279, and exited); on a single node the configured server. One deadline for all of them; each
 * server that makes it wait is told once.
 */
export async function awaitServersSchema(config: ClickHouseConfig, migrations: readonly Migration[], options: AwaitSchemaOptions): Promise<void> {
  const urls = config.CLICKHOUSE_CLUSTER === '' ? [config.CLICKHOUSE_URL] : config.CLICKHOUSE_SHARD_URLS.flat();
  const deadline = Date.now() + options.timeoutMs;
  for (const url of urls) {
    const server = connectClickHouseReader({ ...config, CLICKHOUSE_URL: url });
    try {
      await awaitSchema(server, migrations, {
        ...options,
        timeoutMs: Math.max(0, deadline - Date.now()),
        onWaiting: (reason) => options.onWaiting?.(urls.length === 1 ? reason : `${url}: ${reason}`),
      });
    } finally {
      await server.close();
    }
  }
}
