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

/** The credential store a service's configuration names; nothing is connected before the first use. */
export function openCredentials(config: CredentialsConfig): OpenedCredentials {
  const pool = new Pool({ connectionString: config.CREDENTIALS_DATABASE_URL, max: 4 });
  const source = new CredentialSource(new PostgresCredentialStore(pool, config.CREDENTIALS_DATABASE_SCHEMA));
  const cached = new CachedCredentials(async (kind, digest) => (await source.store()).byDigest(kind, digest), config.CREDENTIALS_CACHE_MS);
  return { source, cached };
}
