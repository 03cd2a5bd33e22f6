import type { ClickHouseClient } from '@clickhouse/client';
import { toClickHouseError } from './clickhouse-errors';

/** One schema step. Statements must be idempotent (`IF NOT EXISTS`): replicas may migrate at the same time. */
export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

/** Applies, in version order, the migrations the database has not recorded yet. */
export async function migrate(client: ClickHouseClient, migrations: readonly Migration[]): Promise<number[]> {
  try {
    await client.command({
      query: `CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, name String, applied_at DateTime('UTC'))
              ENGINE = MergeTree() ORDER BY version`,
    });
    const result = await client.query({ query: 'SELECT DISTINCT version FROM schema_migrations', format: 'JSONEachRow' });
    const applied = new Set((await result.json<{ version: number }>()).map((row) => Number(row.version)));
    const pending = [...migrations].sort((a, b) => a.version - b.version).filter((m) => !applied.has(m.version));
    for (const migration of pending) {
      for (const statement of migration.statements) await client.command({ query: statement });
      await client.insert({
        table: 'schema_migrations',
        values: [{ version: migration.version, name: migration.name, applied_at: Math.floor(Date.now() / 1000) }],
        format: 'JSONEachRow',
      });
    }
    return pending.map((m) => m.version);
  } catch (error) {
    throw toClickHouseError('schema migration', error);
  }
}
