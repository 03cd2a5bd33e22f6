import { createHmac, timingSafeEqual } from 'node:crypto';

/** The signature header's value for `body` (the exact bytes sent): `sha256=` and the hex HMAC-SHA256 under `secret`. */
export const signBody = (secret: string, body: string): string => `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;

/** What a receiver checks: the header matches `body` under `secret`, compared in constant time. */
export function verifySignature(secret: string, body: string, header: string | undefined): boolean {
  if (header === undefined) return false;
  const expected = Buffer.from(signBody(secret, body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
