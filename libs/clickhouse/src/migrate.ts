import type { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseError, toClickHouseError } from './clickhouse-errors';
import { withMigrationLock } from './migration-lock';

/**
 * One schema step. Migrators take turns under the server's lock (migration-lock.ts), but a step's statements must
 * still be safe to run again: a crash can come after any of them and before the version is recorded.
 */
export interface Migration {
  version: number;
  name: string;
  statements: string[];
  /**
   * The table whose rows the step copies into a new layout, if it does: on a cluster the step runs only while that
   * table is empty (cluster-ddl.ts). A step that re-derives idempotent state from it (a distinct back-fill) does not copy.
   */
  copiesFrom?: string;
}

const MIGRATION_ATTEMPTS = 5;
/**
 * What a step loses to another migrator's same step: a table it copies already swapped away, a table or database already
 * created, or (on a cluster) a replicated table's replica already registered in ZooKeeper by the other's CREATE.
 */
const RACE_CODES: ReadonlySet<number> = new Set([
  57 /* TABLE_ALREADY_EXISTS */, 60 /* UNKNOWN_TABLE */, 82 /* DATABASE_ALREADY_EXISTS */, 253 /* REPLICA_IS_ALREADY_EXIST */,
]);

/** Worth another attempt: another migrator got there first, or the server was briefly away. A syntax or access error is not. */
const mayPassAgain = (error: unknown) => error instanceof ClickHouseError && (error.retriable || RACE_CODES.has(error.server?.code ?? -1));

/**
 * Applies, in version order, the migrations the database has not recorded yet, under this server's migration lock:
 * replicas starting together take turns, and the second finds the versions the first recorded. An attempt that still
 * lost a race (to a migrator of a release without the lock) or met an absent server is run again after a pause, and
 * only the last failure is thrown. Any other failure is thrown at once.
 */
export async function migrate(client: ClickHouseClient, migrations: readonly Migration[]): Promise<number[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await withMigrationLock(client, () => migrateOnce(client, migrations));
    } catch (error) {
      if (attempt >= MIGRATION_ATTEMPTS || !mayPassAgain(error)) throw error;
      await new Promise((done) => setTimeout(done, 500 * attempt));
    }
  }
}

async function migrateOnce(client: ClickHouseClient, migrations: readonly Migration[]): Promise<number[]> {
  try {
    await client.command({
      query: `CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, name String, applied_at DateTime('UTC'))
              ENGINE = MergeTree() ORDER BY version`,
    });
    const result = await client.query({ query: 'SELECT DISTINCT version FROM schema_migrations', format: 'JSONEachRow' });
    const applied = new Set((await result.json<{ version: number }>()).map((row) => Number(row.version)));
    const pending = [...migrations].sort((a, b) => a.version - b.version).filter((m) => !applied.has(m.version));
    for (const migration of pending) {
      for (const statement of migration.statements) await run(client, migration, statement);
      await client.insert({
        table: 'schema_migrations',
        values: [{ version: migration.version, name: migration.name, applied_at: Math.floor(Date.now() / 1000) }],
        format: 'JSONEachRow',
      });
    }
    return pending.map((m) => m.version);
  } catch (error) {
    throw error instanceof ClickHouseError ? error : toClickHouseError('schema migration', error);
  }
}

/** One statement; its failure names the migration and the statement, whose comments may say what to do instead. */
async function run(client: ClickHouseClient, migration: Migration, statement: string): Promise<void> {
  try {
    await client.command({ query: statement });
  } catch (error) {
    const shown = statement.replace(/\s+/g, ' ').slice(0, 400);
    throw toClickHouseError(`schema migration ${migration.version} (${migration.name}) at "${shown}"`, error);
  }
}

export interface AwaitSchemaOptions {
  timeoutMs: number;
  pollMs?: number;
  /** Told once when the schema is not there yet, so a waiting service says why. */
  onWaiting?: (reason: string) => void;
}

/**
 * Resolves once the schema's owner (the projector) has applied every migration of `migrations`: for services whose
 * user may not run DDL. Rejects with the last failure when `timeoutMs` passes first.
 */
export async function awaitSchema(client: ClickHouseClient, migrations: readonly Migration[], options: AwaitSchemaOptions): Promise<void> {
  const latest = Math.max(...migrations.map((m) => m.version));
  const deadline = Date.now() + options.timeoutMs;
  let told = false;
  for (;;) {
    const reason = await schemaShortfall(client, latest);
    if (reason === undefined) return;
    if (Date.now() >= deadline) throw toClickHouseError(`waiting ${options.timeoutMs} ms for schema version ${latest}`, new Error(reason));
    if (!told) options.onWaiting?.(reason);
    told = true;
    await new Promise((done) => setTimeout(done, options.pollMs ?? 500));
  }
}

async function schemaShortfall(client: ClickHouseClient, latest: number): Promise<string | undefined> {
  try {
    const result = await client.query({ query: 'SELECT max(version) AS version FROM schema_migrations', format: 'JSONEachRow' });
    const applied = Number((await result.json<{ version: number }>())[0]?.version ?? 0);
    return applied >= latest ? undefined : `schema at version ${applied}, waiting for ${latest}`;
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
}
