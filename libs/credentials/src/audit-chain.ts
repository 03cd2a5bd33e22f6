import type { CredentialKind } from '@govmetrics/contracts';
import { createHash } from 'node:crypto';

/** The first record's `prevHash`: nothing came before it. */
export const GENESIS_HASH = '0'.repeat(64);

/** One change to the credential store, as the append-only audit table keeps it: who, when, why, and what was granted. */
export interface CredentialAuditRecord {
  seq: number;
  at: Date;
  action: 'issued' | 'revoked';
  credentialId: string;
  kind: CredentialKind;
  who: string;
  why: string;
  /** The grant as JSON (subject, roles, platform, agencies, expiresAt, the secret's digest); `{}` for a revocation. */
  grant: string;
  prevHash: string;
  hash: string;
}

/** sha256 over the previous hash and every field, in a fixed order: change any field of any record and every later hash differs. */
export function auditHash(record: Omit<CredentialAuditRecord, 'hash'>): string {
  const fields = [record.seq, record.at.toISOString(), record.action, record.credentialId, record.kind, record.who, record.why, record.grant];
  return createHash('sha256')
    .update(`${record.prevHash}\n${JSON.stringify(fields)}`)
    .digest('hex');
}

export type AuditVerification = { ok: true; records: number; head: string } | { ok: false; seq: number; reason: string };

/** Checks the chain from its first record: the first broken link is named (an altered record, a gap, a record removed). */
export function verifyAuditChain(records: readonly CredentialAuditRecord[]): AuditVerification {
  let prevHash = GENESIS_HASH;
  for (const [index, record] of records.entries()) {
    if (record.seq !== index + 1) return { ok: false, seq: record.seq, reason: `expected record ${index + 1}: a record is missing` };
    if (record.prevHash !== prevHash) return { ok: false, seq: record.seq, reason: 'prevHash is not the previous record’s hash' };
    if (auditHash(record) !== record.hash) return { ok: false, seq: record.seq, reason: 'its fields do not hash to its hash: the record was altered' };
    prevHash = record.hash;
  }
  return { ok: true, records: records.length, head: prevHash };
}
