import type { ClickHouseClient } from '@clickhouse/client';
import { serverCodeOf, toClickHouseError } from './clickhouse-errors';

const LOCK_TABLE = 'schema_migration_lock';
/** A lock older than this was left by a migrator that died holding it (a migration of a large table takes minutes). */
const STALE_AFTER_S = 900;
const POLL_MS = 500;

/**
 * Runs `migrate` while holding this server's migration lock, so that one migrator at a time changes the database:
 * migration 3's copy-and-swap is safe only alone (two projectors starting together dropped each other's copy, CI and
 * the cluster, 2026-11-29/30). The lock is a table: CREATE TABLE without IF NOT EXISTS is atomic on a server and fails
 * with code 57 while another holds it. A lock older than `STALE_AFTER_S` is dropped, so a crash never wedges a start.
 */
export async function withMigrationLock<T>(client: ClickHouseClient, migrate: () => Promise<T>): Promise<T> {
  while (!(await tryLock(client))) {
    await dropIfStale(client);
    await new Promise((done) => setTimeout(done, POLL_MS));
  }
  try {
    return await migrate();
  } finally {
    await client.command({ query: `DROP TABLE IF EXISTS ${LOCK_TABLE}` }).catch(() => undefined);
  }
}

async function tryLock(client: ClickHouseClient): Promise<boolean> {
  try {
    await client.command({ query: `CREATE TABLE ${LOCK_TABLE} (lock UInt8) ENGINE = Log` });
    return true;
  } catch (error) {
    if (serverCodeOf(error)?.code === 57) return false;
    throw toClickHouseError('taking the schema migration lock', error);
  }
}

async function dropIfStale(client: ClickHouseClient): Promise<void> {
  const result = await client.query({
    query: `SELECT toUInt32(now() - metadata_modification_time) AS age FROM system.tables WHERE database = currentDatabase() AND name = '${LOCK_TABLE}'`,
    format: 'JSONEachRow',
  });
  const [row] = await result.json<{ age: number | string }>();
  if (row && Number(row.age) > STALE_AFTER_S) await client.command({ query: `DROP TABLE IF EXISTS ${LOCK_TABLE}` });
}
