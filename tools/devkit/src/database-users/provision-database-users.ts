import { resolve } from 'node:path';
import { installClickHouseUsers } from './clickhouse-users';
import type { DatabaseUsers } from './database-users';
import { databaseUsers, withCredentials } from './database-users';
import { ensurePostgresRoles, grantClaimSchema, grantCredentialsSchema, grantLedger } from './postgres-roles';

export interface ProvisionOptions {
  /** Where the passwords come from (GOVMETRICS_PG_*_PASSWORD, GOVMETRICS_CH_*_PASSWORD). */
  env: Record<string, string | undefined>;
  /** A PostgreSQL superuser's URL: creates the roles. */
  adminUrl: string;
  clickhouseUrl: string;
  /** The ingest's claim database as the admin reaches it, and its claim schema. */
  claims?: { adminUrl: string; schema: string };
  /** The credential store's database as the admin reaches it, and its schema. */
  credentials?: { adminUrl: string; schema: string };
  /** The ledger's database as the admin reaches it (postgres:// only: an embedded ledger has no users). */
  ledgerAdminUrl?: string;
}

const isPostgresUrl = (location: string | undefined): location is string => location !== undefined && /^postgres(ql)?:\/\//.test(location);

/** The server's config directory when the local scripts run it (infra/local/clickhouse.sh). */
export const localClickHouseConfigDir = (env: Record<string, string | undefined>): string =>
  resolve(env.GOVMETRICS_LOCAL_DIR ?? resolve(__dirname, '../../../../.local'), 'clickhouse');

/** Creates (idempotently) every least-privilege user and what each may touch; returns the users with their passwords. */
export async function provisionDatabaseUsers(options: ProvisionOptions): Promise<DatabaseUsers> {
  const users = databaseUsers(options.env);
  await ensurePostgresRoles(options.adminUrl, users);
  await installClickHouseUsers({ configDir: localClickHouseConfigDir(options.env), url: options.clickhouseUrl, users });
  if (isPostgresUrl(options.ledgerAdminUrl)) await grantLedger(options.ledgerAdminUrl, users);
  if (options.claims) await grantClaimSchema(options.claims.adminUrl, options.claims.schema, users);
  if (options.credentials) await grantCredentialsSchema(options.credentials.adminUrl, options.credentials.schema, users);
  return users;
}

/**
 * Each service's connection settings as its own user: the ingest's claims, the credential store's admin (gateway) and
 * reader (ingest), the ledger's writer and reader, ClickHouse's projector and reader.
 */
export function serviceCredentialEnv(
  users: DatabaseUsers,
  locations: { claimsUrl: string; credentialsUrl: string; ledgerUrl?: string },
): Record<'ingest' | 'projector' | 'gateway' | 'scoring', Record<string, string>> {
  const ledger = (who: DatabaseUsers['ledgerWriter']): Record<string, string> =>
    isPostgresUrl(locations.ledgerUrl) ? { LEDGER_DATABASE_URL: withCredentials(locations.ledgerUrl, who) } : {};
  const writer = (who: DatabaseUsers['ledgerWriter']): Record<string, string> =>
    isPostgresUrl(locations.ledgerUrl) ? { LEDGER_WRITER_URL: withCredentials(locations.ledgerUrl, who) } : {};
  const clickhouse = (who: DatabaseUsers['reader']) => ({ CLICKHOUSE_USER: who.user, CLICKHOUSE_PASSWORD: who.password });
  return {
    ingest: {
      INGEST_DATABASE_URL: withCredentials(locations.claimsUrl, users.ingest),
      CREDENTIALS_DATABASE_URL: withCredentials(locations.credentialsUrl, users.credentialsReader),
    },
    projector: clickhouse(users.projector),
    // The gateway reads the ledger as its reader; only its stewards' writes append, as the writer.
    gateway: {
      ...clickhouse(users.reader),
      ...ledger(users.ledgerReader),
      ...writer(users.ledgerWriter),
      CREDENTIALS_DATABASE_URL: withCredentials(locations.credentialsUrl, users.credentialsAdmin),
    },
    scoring: { ...clickhouse(users.reader), ...ledger(users.ledgerWriter) },
  };
}
