import type { CredentialKind, CredentialView, Principal, Role } from '@govmetrics/contracts';
import { createHash, randomBytes } from 'node:crypto';

/** What an admin grants: a platform's API key, or a token's subject, roles and scope. */
export interface CredentialGrant {
  kind: CredentialKind;
  subject: string;
  roles: readonly Role[];
  platform?: string;
  agencies?: readonly string[];
  expiresAt?: Date;
}

/** Who changes the store and why: the admin's principal (from the token, never typed) and the reason given. */
export interface AdminContext {
  by: string;
  reason: string;
}

/** A kept credential: its grant, who made it and why, and its revocation if any. Never its secret. */
export interface StoredCredential extends CredentialGrant {
  id: string;
  createdBy: string;
  createdAt: Date;
  reason: string;
  revokedAt?: Date;
  revokedBy?: string;
  revokeReason?: string;
}

/** The hex sha256 a secret is kept as: the same digest as a static token's in configuration. */
export const secretDigest = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** A new secret: 32 random bytes, base64url (43 characters, no dots, so never mistaken for a JWT). */
export const newSecret = (): string => randomBytes(32).toString('base64url');

export const isActive = (credential: StoredCredential, now: Date): boolean =>
  credential.revokedAt === undefined && (credential.expiresAt === undefined || credential.expiresAt > now);

/** A credential as the admin endpoints show it. */
export function credentialView(credential: StoredCredential, now = new Date()): CredentialView {
  const status = credential.revokedAt ? 'revoked' : isActive(credential, now) ? 'active' : 'expired';
  return {
    id: credential.id,
    kind: credential.kind,
    subject: credential.subject,
    roles: [...credential.roles],
    ...(credential.platform === undefined ? {} : { platform: credential.platform }),
    ...(credential.agencies === undefined ? {} : { agencies: [...credential.agencies] }),
    status,
    createdBy: credential.createdBy,
    createdAt: credential.createdAt.toISOString(),
    reason: credential.reason,
    ...(credential.expiresAt ? { expiresAt: credential.expiresAt.toISOString() } : {}),
    ...(credential.revokedAt ? { revokedAt: credential.revokedAt.toISOString() } : {}),
    ...(credential.revokedBy === undefined ? {} : { revokedBy: credential.revokedBy }),
    ...(credential.revokeReason === undefined ? {} : { revokeReason: credential.revokeReason }),
  };
}

/** The principal a kept token stands for, as a static token's would be. */
export const tokenPrincipal = ({ subject, roles, platform, agencies }: StoredCredential): Principal => ({
  subject,
  roles: [...roles],
  via: 'static_token',
  ...(platform === undefined ? {} : { platform }),
  ...(agencies === undefined ? {} : { agencies: [...agencies] }),
});
