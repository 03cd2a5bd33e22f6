import type { CredentialKind } from '@govmetrics/contracts';
import { isActive, secretDigest, type StoredCredential } from './stored-credential';

/** Finds a kept credential by the sha256 of its secret (the store's `byDigest`). */
export type CredentialLookup = (kind: CredentialKind, digest: string) => Promise<StoredCredential | undefined>;

interface Entry {
  found: StoredCredential | undefined;
  readAt: number;
}

/**
 * The credential store as the ingest and the gateway consult it on each request: a lookup is believed for `ttlMs`,
 * found or not, so a burst of requests costs one query, and a revocation (or a new key after a miss) takes effect
 * within `ttlMs`. Expiry is judged on every use, from the cached `expiresAt`. At most `maxEntries` are kept.
 */
export class CachedCredentials {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly lookup: CredentialLookup,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 10_000,
  ) {}

  /** The active credential of `kind` with this secret, or undefined; a store that cannot be read throws its error. */
  async active(kind: CredentialKind, secret: string): Promise<StoredCredential | undefined> {
    const key = `${kind}:${secretDigest(secret)}`;
    const cached = this.entries.get(key);
    const found = cached && this.now() - cached.readAt < this.ttlMs ? cached.found : await this.read(kind, key);
    return found && isActive(found, new Date(this.now())) ? found : undefined;
  }

  private async read(kind: CredentialKind, key: string): Promise<StoredCredential | undefined> {
    const found = await this.lookup(kind, key.slice(kind.length + 1));
    this.entries.delete(key);
    // Oldest first in a Map's order: the least recently read entry makes room.
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { found, readAt: this.now() });
    return found;
  }
}
