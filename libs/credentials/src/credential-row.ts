import type { CredentialKind, Role } from '@govmetrics/contracts';
import type { StoredCredential } from './stored-credential';

/** A row of `credentials` as `pg` returns it. */
export interface CredentialRow {
  id: string;
  kind: CredentialKind;
  subject: string;
  roles: Role[];
  platform: string | null;
  agencies: string[] | null;
  created_by: string;
  created_at: Date;
  reason: string;
  expires_at: Date | null;
  revoked_at: Date | null;
  revoked_by: string | null;
  revoke_reason: string | null;
}

export const COLUMNS = 'id, kind, subject, roles, platform, agencies, created_by, created_at, reason, expires_at, revoked_at, revoked_by, revoke_reason';

/** A row as the store's callers see it: absent instead of null. */
export const fromRow = (row: CredentialRow): StoredCredential => ({
  id: row.id,
  kind: row.kind,
  subject: row.subject,
  roles: row.roles,
  createdBy: row.created_by,
  createdAt: row.created_at,
  reason: row.reason,
  ...(row.platform === null ? {} : { platform: row.platform }),
  ...(row.agencies === null ? {} : { agencies: row.agencies }),
  ...(row.expires_at === null ? {} : { expiresAt: row.expires_at }),
  ...(row.revoked_at === null ? {} : { revokedAt: row.revoked_at }),
  ...(row.revoked_by === null ? {} : { revokedBy: row.revoked_by }),
  ...(row.revoke_reason === null ? {} : { revokeReason: row.revoke_reason }),
});
