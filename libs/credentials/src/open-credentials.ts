import { Pool } from 'pg';
import { CachedCredentials } from './cached-credentials';
import { CredentialSource } from './credential-source';
import { PostgresCredentialStore } from './credential-store.postgres';
import type { CredentialsConfig } from './credentials.config';

/** What a service holds of the credential store: the store (admin endpoints) and the cached lookups (authentication). */
export interface OpenedCredentials {
  source: CredentialSource;
  cached: CachedCredentials;
}

/** The credential store a service's configuration names; nothing is connected before the first use, nothing created before an admin's. */
export function openCredentials(config: CredentialsConfig): OpenedCredentials {
  const store = new PostgresCredentialStore(new Pool({ connectionString: config.CREDENTIALS_DATABASE_URL, max: 4 }), config.CREDENTIALS_DATABASE_SCHEMA);
  // Lookups never migrate (the admin endpoints do, at their first use): authenticating creates nothing.
  const cached = new CachedCredentials((kind, digest) => store.byDigest(kind, digest), config.CREDENTIALS_CACHE_MS);
  return { source: new CredentialSource(store), cached };
}
