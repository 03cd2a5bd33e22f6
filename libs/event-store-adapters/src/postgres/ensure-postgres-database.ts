import { Client } from 'pg';
import { toPostgresStoreError } from './postgres-errors';

const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const DUPLICATE_DATABASE = '42P04';

/**
 * Creates the database a connection string names when it does not exist yet (a service's own ledger database),
 * connecting to the server's `postgres` database to do so. Safe when several processes race to create it.
 */
export async function ensurePostgresDatabase(connectionString: string): Promise<void> {
  const url = new URL(connectionString);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (name === '' || name === 'postgres') return;
  if (!PLAIN_NAME.test(name)) throw new RangeError(`database name "${name}" in the connection string must be a plain identifier`);
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  // A server going away between the statements emits here: unheard, that would end the process; the statement fails anyway.
  admin.on('error', () => undefined);
  try {
    await admin.connect();
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE "${name}"`);
  } catch (error) {
    if ((error as { code?: string }).code !== DUPLICATE_DATABASE) throw toPostgresStoreError(`create database ${name}`, error);
  } finally {
    await admin.end().catch(() => undefined);
  }
}
