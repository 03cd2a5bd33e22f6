import type { PostgresCredentialStore } from './credential-store.postgres';

/**
 * The store, migrated at its first use rather than at start: a credential store that is down costs only the admin
 * endpoints and the kept credentials (configured ones keep working), and a failed migration is tried again next time.
 */
export class CredentialSource {
  private ready?: Promise<PostgresCredentialStore>;

  constructor(private readonly credentials: PostgresCredentialStore) {}

  store(): Promise<PostgresCredentialStore> {
    this.ready ??= this.credentials.migrate().then(
      () => this.credentials,
      (error: unknown) => {
        this.ready = undefined;
        throw error;
      },
    );
    return this.ready;
  }

  close(): Promise<void> {
    return this.credentials.close();
  }
}
