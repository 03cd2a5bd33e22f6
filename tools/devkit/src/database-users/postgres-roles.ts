import { openLedgerStore } from '@govmetrics/event-store-adapters';
import { Client, escapeIdentifier, escapeLiteral } from 'pg';
import type { Credentials, DatabaseUsers } from './database-users';

/** Serialises role creation across processes (pipelines start concurrently); roles are the cluster's, not a database's. */
const ROLES_LOCK = 7_305_110_200;

async function asAdmin<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const databaseOf = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));

/** Creates each PostgreSQL login, or resets its password, with no privilege beyond logging in. */
export async function ensurePostgresRoles(adminUrl: string, users: DatabaseUsers): Promise<void> {
  const roles: Credentials[] = [users.ingest, users.ledgerWriter, users.ledgerReader, users.credentialsAdmin, users.credentialsReader];
  await asAdmin(adminUrl, async (client) => {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [ROLES_LOCK]);
    for (const role of roles) {
      const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role.user]);
      const verb = rowCount === 0 ? 'CREATE' : 'ALTER';
      await client.query(
        `${verb} ROLE ${escapeIdentifier(role.user)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD ${escapeLiteral(role.password)}`,
      );
    }
    await client.query('COMMIT');
  });
}

/**
 * The ledger's database and events table, created by the admin (the ledger's users cannot create them), then closed to
 * everyone but the ledger's writer (SELECT, INSERT: append only) and reader (SELECT).
 */
export async function grantLedger(adminLedgerUrl: string, users: DatabaseUsers): Promise<void> {
  await (await openLedgerStore(adminLedgerUrl)).close();
  const [database, writer, reader] = [databaseOf(adminLedgerUrl), users.ledgerWriter.user, users.ledgerReader.user].map(escapeIdentifier);
  await asAdmin(adminLedgerUrl, async (client) => {
    await client.query(`REVOKE ALL ON DATABASE ${database} FROM PUBLIC`);
    await client.query(`GRANT CONNECT ON DATABASE ${database} TO ${writer}, ${reader}`);
    await client.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
    await client.query('REVOKE ALL ON events FROM PUBLIC');
    await client.query(`GRANT SELECT, INSERT ON events TO ${writer}`);
    await client.query(`GRANT SELECT ON events TO ${reader}`);
  });
}

/** The ingest's claim schema in `adminUrl`'s database, owned by the ingest's user, which may create its tables there and nowhere else. */
export async function grantClaimSchema(adminUrl: string, schema: string, users: DatabaseUsers): Promise<void> {
  const [name, owner] = [schema, users.ingest.user].map(escapeIdentifier);
  await asAdmin(adminUrl, async (client) => {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${name} AUTHORIZATION ${owner}`);
    await client.query(`ALTER SCHEMA ${name} OWNER TO ${owner}`);
    // Tables an earlier ingest created as the superuser pass to the ingest's user.
    const { rows } = await client.query<{ table: string }>('SELECT tablename AS table FROM pg_tables WHERE schemaname = $1', [schema]);
    for (const { table } of rows) await client.query(`ALTER TABLE ${name}.${escapeIdentifier(table)} OWNER TO ${owner}`);
  });
}

/**
 * The credential store's schema in `adminUrl`'s database, owned by the gateway's credentials admin (its migrations create
 * the tables there, and only there); the ingest's credentials reader may SELECT what is there and what it creates later.
 */
export async function grantCredentialsSchema(adminUrl: string, schema: string, users: DatabaseUsers): Promise<void> {
  const [name, owner, reader] = [schema, users.credentialsAdmin.user, users.credentialsReader.user].map(escapeIdentifier);
  await asAdmin(adminUrl, async (client) => {
    await client.query(`GRANT CONNECT ON DATABASE ${escapeIdentifier(databaseOf(adminUrl))} TO ${owner}, ${reader}`);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${name} AUTHORIZATION ${owner}`);
    await client.query(`ALTER SCHEMA ${name} OWNER TO ${owner}`);
    // Tables a store migrated earlier as the superuser pass to the admin's user.
    const { rows } = await client.query<{ table: string }>('SELECT tablename AS table FROM pg_tables WHERE schemaname = $1', [schema]);
    for (const { table } of rows) await client.query(`ALTER TABLE ${name}.${escapeIdentifier(table)} OWNER TO ${owner}`);
    await client.query(`GRANT USAGE ON SCHEMA ${name} TO ${reader}`);
    await client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA ${name} TO ${reader}`);
    await client.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA ${name} GRANT SELECT ON TABLES TO ${reader}`);
  });
}
