import type { EventStore } from '@govmetrics/event-store';
import { z } from 'zod';
import { ensurePostgresDatabase } from './postgres/ensure-postgres-database';
import { PostgresEventStore } from './postgres/postgres.event-store';
import { SqliteEventStore } from './sqlite/sqlite.event-store';

/**
 * Where the governance ledger lives: a PostgreSQL connection string (server mode), or `sqlite:PATH` / a plain file
 * path (embedded mode, one file).
 */
export const LedgerLocationSchema = z
  .string()
  .min(1)
  .refine((location) => /^postgres(ql)?:\/\//.test(location) || !/^[a-z][a-z0-9+.-]*:\/\//i.test(location), {
    message: 'must be a postgres:// connection string, sqlite:PATH or a file path',
  });

/** The ledger every service and the CLI use unless told otherwise, so that they agree without configuration. */
export const DEFAULT_LEDGER_LOCATION = 'postgres://postgres@127.0.0.1:5432/govmetrics_ledger';

const sqlitePath = (location: string): string => location.replace(/^sqlite:/, '');

/** Opens the ledger's event store; a PostgreSQL database is created when missing, a SQLite file likewise. */
export async function openLedgerStore(location: string): Promise<EventStore> {
  const parsed = LedgerLocationSchema.safeParse(location);
  if (!parsed.success) throw new RangeError(`ledger "${location}": ${parsed.error.issues[0]?.message}`);
  if (/^postgres(ql)?:\/\//.test(location)) {
    await ensurePostgresDatabase(location);
    return PostgresEventStore.open({ connectionString: location });
  }
  return SqliteEventStore.open({ filename: sqlitePath(location) });
}
