import type { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseError, toClickHouseError } from '../clickhouse-errors';
import { sqlString } from '../sql';
import { replicationPath } from './cluster-ddl';

const shardMacro = async (client: ClickHouseClient): Promise<string> => {
  const result = await client.query({ query: `SELECT substitution FROM system.macros WHERE macro = 'shard'`, format: 'JSONEachRow' });
  const shard = (await result.json<{ substitution: string }>())[0]?.substitution;
  if (shard === undefined) throw new ClickHouseError('cluster mode: the server has no {shard} macro', false);
  return shard;
};

async function pendingQuorums(client: ClickHouseClient, database: string, tables: readonly string[]): Promise<number> {
  const shard = await shardMacro(client);
  const statuses = tables.map(
    (table) =>
      `SELECT name FROM system.zookeeper WHERE path = ${sqlString(`${replicationPath(database, table).replace('{shard}', shard)}/quorum`)} AND name = 'status'`,
  );
  const result = await client.query({ query: `SELECT count() AS pending FROM (${statuses.join(' UNION ALL ')})`, format: 'JSONEachRow' });
  return Number((await result.json<{ pending: string }>())[0]?.pending ?? 0);
}

/**
 * Waits until no table the fold writes has a quorum write still unconfirmed on this shard. An unconfirmed write left
 * by a failed fold (its replica died while the quorum waited) would make ClickHouse refuse the next fold's write to
 * that table with code 286 — after the raw table took its rows, so the views would miss them. docs/cluster.md.
 */
export async function untilNoQuorumPending(client: ClickHouseClient, database: string, tables: readonly string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let pending: number;
    try {
      pending = await pendingQuorums(client, database, tables);
    } catch (error) {
      throw toClickHouseError('look for unconfirmed quorum writes', error);
    }
    if (pending === 0) return;
    if (Date.now() > deadline) throw new ClickHouseError(`${pending} quorum write(s) of ${database} still unconfirmed after ${timeoutMs} ms`, true);
    await new Promise((later) => setTimeout(later, 100));
  }
}
