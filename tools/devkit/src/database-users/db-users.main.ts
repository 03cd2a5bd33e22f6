// Entry of infra/local/db-users.sh: creates the services' least-privilege users on the local servers, idempotently.
import { loadConfig } from '@govmetrics/config';
import { DEFAULT_LEDGER_LOCATION } from '@govmetrics/event-store-adapters';
import { z } from 'zod';
import { provisionDatabaseUsers } from './provision-database-users';

const LOCAL_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

const Schema = z.object({
  GOVMETRICS_PG_ADMIN_URL: z.string().default(LOCAL_ADMIN_URL),
  /** The ledger's database as the admin reaches it. */
  GOVMETRICS_LEDGER_ADMIN_URL: z.string().default(DEFAULT_LEDGER_LOCATION),
  /** The claim database as the admin reaches it, and the ingest's schema there. */
  GOVMETRICS_INGEST_ADMIN_URL: z.string().default(LOCAL_ADMIN_URL),
  INGEST_DATABASE_SCHEMA: z.string().default('ingest'),
  /** The credential store's database as the admin reaches it, and its schema (the gateway's admin endpoints own it). */
  GOVMETRICS_CREDENTIALS_ADMIN_URL: z.string().default(LOCAL_ADMIN_URL),
  CREDENTIALS_DATABASE_SCHEMA: z.string().default('credentials'),
  CLICKHOUSE_URL: z.url().default('http://127.0.0.1:8123'),
});

async function main(): Promise<void> {
  const config = loadConfig(Schema, process.env, {
    requiredInProduction: ['GOVMETRICS_PG_ADMIN_URL', 'GOVMETRICS_LEDGER_ADMIN_URL', 'GOVMETRICS_INGEST_ADMIN_URL', 'GOVMETRICS_CREDENTIALS_ADMIN_URL'],
  });
  const users = await provisionDatabaseUsers({
    env: process.env,
    adminUrl: config.GOVMETRICS_PG_ADMIN_URL,
    clickhouseUrl: config.CLICKHOUSE_URL,
    claims: { adminUrl: config.GOVMETRICS_INGEST_ADMIN_URL, schema: config.INGEST_DATABASE_SCHEMA },
    ledgerAdminUrl: config.GOVMETRICS_LEDGER_ADMIN_URL,
    credentials: { adminUrl: config.GOVMETRICS_CREDENTIALS_ADMIN_URL, schema: config.CREDENTIALS_DATABASE_SCHEMA },
  });
  for (const [role, { user }] of Object.entries(users)) console.log(`${role}: ${user}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
