import type { Principal, StaticToken } from '@govmetrics/contracts';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The hex sha256 a static token is configured by. */
export const tokenDigest = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Static bearer tokens known by their sha256 only; compared in constant time so timing reveals no digest. */
export class StaticTokens {
  private readonly entries: { token: StaticToken; digest: Buffer }[];

  constructor(tokens: readonly StaticToken[]) {
    this.entries = tokens.map((token) => ({ token, digest: Buffer.from(token.sha256, 'hex') }));
  }

  /** The principal a token stands for, or undefined for an unknown one. */
  principalOf(token: string): Principal | undefined {
    const presented = Buffer.from(tokenDigest(token), 'hex');
    let found: StaticToken | undefined;
    for (const entry of this.entries) if (timingSafeEqual(entry.digest, presented)) found = entry.token;
    if (found === undefined) return undefined;
    const { subject, roles, platform, agencies } = found;
    return { subject, roles, via: 'static_token', ...(platform === undefined ? {} : { platform }), ...(agencies === undefined ? {} : { agencies }) };
  }
}

/** A new random static token and the configuration entry that admits it (which holds only its digest). */
export function issueStaticToken(entry: Omit<StaticToken, 'sha256'>): { token: string; entry: StaticToken } {
  const token = randomBytes(32).toString('base64url');
  return { token, entry: { ...entry, sha256: tokenDigest(token) } };
}
