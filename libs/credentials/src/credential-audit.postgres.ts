import type { CredentialKind } from '@govmetrics/contracts';
import type { Pool, PoolClient } from 'pg';
import { auditHash, type CredentialAuditRecord, GENESIS_HASH } from './audit-chain';
import type { AdminContext } from './stored-credential';

interface AuditRow {
  seq: string;
  at: Date;
  action: CredentialAuditRecord['action'];
  credential_id: string;
  kind: CredentialKind;
  who: string;
  why: string;
  grant_json: string;
  prev_hash: string;
  hash: string;
}

/** One change, as the store hands it to the trail. */
export interface AuditedChange {
  at: Date;
  action: CredentialAuditRecord['action'];
  credentialId: string;
  kind: CredentialKind;
  context: AdminContext;
  grant: string;
}

/**
 * Appends one record to `<schema>.credential_audit` after its current head, inside the change's own transaction; the
 * lock makes concurrent changes take turns, so the chain never forks.
 */
export async function appendAuditRecord(client: PoolClient, schema: string, change: AuditedChange): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${schema}.credential_audit`]);
  const { rows } = await client.query<{ seq: string; hash: string }>(`SELECT seq, hash FROM ${schema}.credential_audit ORDER BY seq DESC LIMIT 1`);
  const unhashed = {
    seq: Number(rows[0]?.seq ?? 0) + 1,
    at: change.at,
    action: change.action,
    credentialId: change.credentialId,
    kind: change.kind,
    who: change.context.by,
    why: change.context.reason,
    grant: change.grant,
    prevHash: rows[0]?.hash ?? GENESIS_HASH,
  };
  const { seq, at, action, credentialId, kind, who, why, grant, prevHash } = unhashed;
  await client.query(
    `INSERT INTO ${schema}.credential_audit (seq, at, action, credential_id, kind, who, why, grant_json, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [seq, at, action, credentialId, kind, who, why, grant, prevHash, auditHash(unhashed)],
  );
}

/** The whole trail in order, for `verifyAuditChain`. */
export async function readAuditTrail(pool: Pool, schema: string): Promise<CredentialAuditRecord[]> {
  const { rows } = await pool.query<AuditRow>(`SELECT * FROM ${schema}.credential_audit ORDER BY seq`);
  return rows.map((row) => ({
    seq: Number(row.seq),
    at: row.at,
    action: row.action,
    credentialId: row.credential_id,
    kind: row.kind,
    who: row.who,
    why: row.why,
    grant: row.grant_json,
    prevHash: row.prev_hash,
    hash: row.hash,
  }));
}
