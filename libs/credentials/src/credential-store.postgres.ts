import type { CredentialKind } from '@govmetrics/contracts';
import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { CredentialAuditRecord } from './audit-chain';
import { appendAuditRecord, readAuditTrail } from './credential-audit.postgres';
import { COLUMNS, type CredentialRow, fromRow } from './credential-row';
import { CREDENTIAL_MIGRATIONS } from './credential-store.migrations';
import { CredentialStoreError, toCredentialStoreError } from './credentials.errors';
import { type AdminContext, type CredentialGrant, newSecret, secretDigest, type StoredCredential } from './stored-credential';

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
/** undefined_table, invalid_schema_name: the store was never migrated. */
const NOT_MIGRATED = new Set(['42P01', '3F000']);
const sqlStateOf = (error: unknown) => (typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '');

/** The grant as the audit record keeps it: enough to tell later what was handed out, and the digest that admits it. */
const grantJson = (grant: CredentialGrant, digest: string) =>
  JSON.stringify({
    subject: grant.subject,
    roles: grant.roles,
    platform: grant.platform ?? null,
    agencies: grant.agencies ?? null,
    expiresAt: grant.expiresAt?.toISOString() ?? null,
    sha256: digest,
  });

/**
 * Admins' API keys and bearer tokens in PostgreSQL, kept only as the sha256 of their secret. Every issue and revocation
 * appends, in the same transaction, a record to `credential_audit`: who, when, why, hash-chained to the one before.
 */
export class PostgresCredentialStore {
  private readonly schema: string;

  constructor(
    private readonly pool: Pool,
    private readonly schemaName: string,
  ) {
    // An idle connection lost with its server is emitted on the pool; the next query reports the outage instead.
    pool.on('error', () => undefined);
    // A connection lent out to a transaction emits on itself, where the pool does not listen: unheard, that ends the process.
    pool.on('connect', (client) => client.on('error', () => undefined));
    this.schema = quoteIdent(schemaName);
  }

  /**
   * Applies the migrations not yet recorded; replicas starting together are serialized by an advisory lock. A store
   * already current is only read: no DDL, so no CREATE right is needed once it is migrated.
   */
  async migrate(): Promise<void> {
    if (await this.isCurrent()) return;
    await this.transaction('migrate', async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${this.schema}.migrations`]);
      // A schema provisioned for the store's own user (infra/local/db-users.sh) exists already, and that user has no CREATE
      // right on the database, which PostgreSQL checks even for CREATE SCHEMA IF NOT EXISTS.
      const { rowCount } = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [this.schemaName]);
      if (rowCount === 0) await client.query(`CREATE SCHEMA ${this.schema}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${this.schema}.schema_migrations (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      const { rows } = await client.query<{ version: number }>(`SELECT version FROM ${this.schema}.schema_migrations`);
      const applied = new Set(rows.map(({ version }) => version));
      for (const { version, sql } of CREDENTIAL_MIGRATIONS.filter(({ version }) => !applied.has(version))) {
        await client.query(sql.replaceAll('$schema', this.schema));
        await client.query(`INSERT INTO ${this.schema}.schema_migrations (version) VALUES ($1)`, [version]);
      }
    });
  }

  private async isCurrent(): Promise<boolean> {
    const [table] = await this.query<{ present: boolean }>('migrate', 'SELECT to_regclass($1) IS NOT NULL AS present', [`${this.schema}.schema_migrations`]);
    if (!table?.present) return false;
    const [row] = await this.query<{ latest: number | null }>('migrate', `SELECT max(version) AS latest FROM ${this.schema}.schema_migrations`, []);
    return (row?.latest ?? 0) >= Math.max(...CREDENTIAL_MIGRATIONS.map(({ version }) => version));
  }

  /** Keeps a new credential and returns its secret, which is not kept: this is the only time anyone sees it. */
  async issue(grant: CredentialGrant, context: AdminContext): Promise<{ credential: StoredCredential; secret: string }> {
    const secret = newSecret();
    const digest = secretDigest(secret);
    const credential: StoredCredential = { ...grant, id: randomUUID(), createdBy: context.by, createdAt: new Date(), reason: context.reason };
    await this.transaction('issue', async (client) => {
      await client.query(
        `INSERT INTO ${this.schema}.credentials (id, kind, sha256, subject, roles, platform, agencies, created_by, created_at, reason, expires_at)
         VALUES ($1, $2, decode($3, 'hex'), $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          credential.id,
          grant.kind,
          digest,
          grant.subject,
          grant.roles,
          grant.platform ?? null,
          grant.agencies ?? null,
          context.by,
          credential.createdAt,
          context.reason,
          grant.expiresAt ?? null,
        ],
      );
      await appendAuditRecord(client, this.schema, {
        at: credential.createdAt,
        action: 'issued',
        credentialId: credential.id,
        kind: grant.kind,
        context,
        grant: grantJson(grant, digest),
      });
    });
    return { credential, secret };
  }

  /** Every credential of `kind`, newest first. */
  async list(kind: CredentialKind): Promise<StoredCredential[]> {
    const rows = await this.query<CredentialRow>('list', `SELECT ${COLUMNS} FROM ${this.schema}.credentials WHERE kind = $1 ORDER BY created_at DESC, id`, [
      kind,
    ]);
    return rows.map(fromRow);
  }

  /** Revokes one credential of `kind`; throws CREDENTIAL_NOT_FOUND, or CREDENTIAL_ALREADY_REVOKED naming who did. */
  async revoke(kind: CredentialKind, id: string, context: AdminContext): Promise<StoredCredential> {
    return this.transaction('revoke', async (client) => {
      const { rows } = await client.query<CredentialRow>(`SELECT ${COLUMNS} FROM ${this.schema}.credentials WHERE id = $1 AND kind = $2 FOR UPDATE`, [
        id,
        kind,
      ]);
      const found = rows[0] && fromRow(rows[0]);
      if (!found) throw new CredentialStoreError('CREDENTIAL_NOT_FOUND', `no ${kind === 'api_key' ? 'API key' : 'token'} has id ${id}`);
      if (found.revokedAt)
        throw new CredentialStoreError(
          'CREDENTIAL_ALREADY_REVOKED',
          `${id} was revoked at ${found.revokedAt.toISOString()} by ${found.revokedBy ?? 'unknown'}`,
        );
      const at = new Date();
      await client.query(`UPDATE ${this.schema}.credentials SET revoked_at = $2, revoked_by = $3, revoke_reason = $4 WHERE id = $1`, [
        id,
        at,
        context.by,
        context.reason,
      ]);
      await appendAuditRecord(client, this.schema, { at, action: 'revoked', credentialId: id, kind, context, grant: '{}' });
      return { ...found, revokedAt: at, revokedBy: context.by, revokeReason: context.reason };
    });
  }

  /**
   * The credential of `kind` whose secret has this hex sha256, revoked or expired ones included (the caller judges);
   * undefined if none. Never migrates: a store no admin has written to yet (no table) holds no credential, so a
   * service that only authenticates needs only SELECT and creates nothing.
   */
  async byDigest(kind: CredentialKind, digest: string): Promise<StoredCredential | undefined> {
    const sql = `SELECT ${COLUMNS} FROM ${this.schema}.credentials WHERE sha256 = decode($1, 'hex') AND kind = $2`;
    try {
      const { rows } = await this.pool.query<CredentialRow>(sql, [digest, kind]);
      return rows[0] && fromRow(rows[0]);
    } catch (error) {
      if (NOT_MIGRATED.has(sqlStateOf(error))) return undefined;
      throw toCredentialStoreError('lookup', error);
    }
  }

  /** The audit trail in order, for `verifyAuditChain`. */
  async auditTrail(): Promise<CredentialAuditRecord[]> {
    return readAuditTrail(this.pool, this.schema).catch((error: unknown) => {
      throw toCredentialStoreError('audit read', error);
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async query<R extends object>(operation: string, sql: string, values: unknown[]): Promise<R[]> {
    try {
      return (await this.pool.query<R>(sql, values)).rows;
    } catch (error) {
      throw toCredentialStoreError(operation, error);
    }
  }

  private async transaction<T>(operation: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect().catch((error: unknown) => {
      throw toCredentialStoreError(operation, error);
    });
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (error) {
      // A connection whose ROLLBACK failed is in an unknown state: destroyed rather than reused.
      const rolledBack = await client.query('ROLLBACK').then(
        () => true,
        () => false,
      );
      client.release(!rolledBack);
      throw toCredentialStoreError(operation, error);
    }
  }
}
