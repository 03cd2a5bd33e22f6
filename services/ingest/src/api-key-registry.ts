import { createHash, timingSafeEqual } from 'node:crypto';

/** A platform and which of its keys (for per-key rate limits; never the key itself). */
export interface ApiKeyHolder {
  platform: string;
  keyId: string;
}

const digest = (key: string): Buffer => createHash('sha256').update(key).digest();

/** Which platform an API key belongs to; compares digests in constant time so timing reveals no key. */
export class ApiKeyRegistry {
  private readonly entries: (ApiKeyHolder & { digest: Buffer })[];

  constructor(keys: readonly { platform: string; key: string }[]) {
    this.entries = keys.map(({ platform, key }, index) => ({ platform, keyId: `${platform}#${index}`, digest: digest(key) }));
  }

  /** Who holds the key of an `Authorization: Bearer <key>` header; undefined for a missing or unknown key. */
  holderOf(authorization: string | undefined): ApiKeyHolder | undefined {
    const key = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (key === undefined) return undefined;
    const presented = digest(key);
    let holder: ApiKeyHolder | undefined;
    for (const entry of this.entries) if (timingSafeEqual(entry.digest, presented)) holder = { platform: entry.platform, keyId: entry.keyId };
    return holder;
  }
}
