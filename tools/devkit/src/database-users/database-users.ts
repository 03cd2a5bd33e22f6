import { loadConfig } from '@govmetrics/config';
import { z } from 'zod';

/** A login one service uses: the name is fixed, the password comes from the environment. */
export interface Credentials {
  user: string;
  password: string;
}

/** Every least-privilege user the services connect as (docs/security.md, "Database users"). */
export interface DatabaseUsers {
  /** PostgreSQL: owns the ingest's claim schema, nothing else. */
  ingest: Credentials;
  /** PostgreSQL: SELECT and INSERT on the ledger's events (scoring, stewards' endpoint): it may append, never rewrite. */
  ledgerWriter: Credentials;
  /** PostgreSQL: SELECT on the ledger's events (the gateway's auditor endpoints). */
  ledgerReader: Credentials;
  /** PostgreSQL: owns the credential store's schema (the gateway's admin endpoints issue and revoke), nothing else. */
  credentialsAdmin: Credentials;
  /** PostgreSQL: SELECT on the credential store (the ingest authenticates with it): it can never issue, revoke or rewrite. */
  credentialsReader: Credentials;
  /** ClickHouse: DDL and inserts (the projector owns the schema). */
  projector: Credentials;
  /** ClickHouse: a `readonly=1` profile (gateway, scoring). */
  reader: Credentials;
}

const password = (role: string) => z.string().min(12, 'a password of at least 12 characters').default(`local-dev-${role}-password`);

const PasswordsSchema = z.object({
  GOVMETRICS_PG_INGEST_PASSWORD: password('ingest'),
  GOVMETRICS_PG_LEDGER_WRITER_PASSWORD: password('ledger-writer'),
  GOVMETRICS_PG_LEDGER_READER_PASSWORD: password('ledger-reader'),
  GOVMETRICS_PG_CREDENTIALS_ADMIN_PASSWORD: password('credentials-admin'),
  GOVMETRICS_PG_CREDENTIALS_READER_PASSWORD: password('credentials-reader'),
  GOVMETRICS_CH_PROJECTOR_PASSWORD: password('projector'),
  GOVMETRICS_CH_READER_PASSWORD: password('reader'),
});

/** The users and their passwords from `env`; the local-development passwords are refused in production mode. */
export function databaseUsers(env: Record<string, string | undefined>): DatabaseUsers {
  const passwords = loadConfig(PasswordsSchema, env, { requiredInProduction: Object.keys(PasswordsSchema.shape) });
  return {
    ingest: { user: 'govmetrics_ingest', password: passwords.GOVMETRICS_PG_INGEST_PASSWORD },
    ledgerWriter: { user: 'govmetrics_ledger_writer', password: passwords.GOVMETRICS_PG_LEDGER_WRITER_PASSWORD },
    ledgerReader: { user: 'govmetrics_ledger_reader', password: passwords.GOVMETRICS_PG_LEDGER_READER_PASSWORD },
    credentialsAdmin: { user: 'govmetrics_credentials_admin', password: passwords.GOVMETRICS_PG_CREDENTIALS_ADMIN_PASSWORD },
    credentialsReader: { user: 'govmetrics_credentials_reader', password: passwords.GOVMETRICS_PG_CREDENTIALS_READER_PASSWORD },
    projector: { user: 'govmetrics_projector', password: passwords.GOVMETRICS_CH_PROJECTOR_PASSWORD },
    reader: { user: 'govmetrics_reader', password: passwords.GOVMETRICS_CH_READER_PASSWORD },
  };
}

/** `url` (postgres://…) logging in as `credentials` instead of whoever it named. */
export function withCredentials(url: string, credentials: Credentials): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(credentials.user);
  parsed.password = encodeURIComponent(credentials.password);
  return parsed.toString();
}
