import type { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseError, toClickHouseError } from '../clickhouse-errors';
import { sqlString } from '../sql';

/** How many replicated tables of `database` on this server's shard have a quorum write still unconfirmed. */
async function pendingQuorums(client: ClickHouseClient, database: string): Promise<number> {
  const replicas = await client.query({ query: `SELECT zookeeper_path FROM system.replicas WHERE database = ${sqlString(database)}`, format: 'JSONEachRow' });
  const paths = (await replicas.json<{ zookeeper_path: string }>()).map((row) => row.zookeeper_path);
  if (paths.length === 0) return 0;
  const statuses = paths.map((path) => `SELECT name FROM system.zookeeper WHERE path = ${sqlString(`${path}/quorum`)} AND name = 'status'`);
  const result = await client.query({ query: `SELECT count() AS pending FROM (${statuses.join(' UNION ALL ')})`, format: 'JSONEachRow' });
  return Number((await result.json<{ pending: string }>())[0]?.pending ?? 0);
}

/**
 * Waits until no replicated table of `database` has a quorum write still unconfirmed on this shard. An unconfirmed
 * write left by a failed fold (its other replica died while the quorum waited) would make ClickHouse refuse the next
 * fold's write to that table with code 286 — after the raw table took its rows, so the views would miss them.
 * docs/cluster.md.
 */
export async function untilNoQuorumPending(client: ClickHouseClient, database: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let pending: number;
    try {
      pending = await pendingQuorums(client, database);
    } catch (error) {
      throw toClickHouseError('look for unconfirmed quorum writes', error);
    }
    if (pending === 0) return;
    if (Date.now() > deadline) throw new ClickHouseError(`${pending} quorum write(s) of ${database} still unconfirmed after ${timeoutMs} ms`, true);
    await new Promise((later) => setTimeout(later, 100));
  }
}
