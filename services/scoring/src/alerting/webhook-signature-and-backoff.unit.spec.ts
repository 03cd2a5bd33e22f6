import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { backoffDelay } from './backoff';
import { signBody, verifySignature } from './webhook-signature';

const secret = 'a-secret-of-sixteen+';

describe(signBody.name, () => {
  it('is the hex HMAC-SHA256 of the exact body under the secret, prefixed sha256= (what a receiver recomputes)', () => {
    const body = '{"specversion":"1.0","data":{"summary":"ช่องทาง gdx เงียบ"}}';
    expect(signBody(secret, body)).toBe(`sha256=${createHmac('sha256', secret).update(Buffer.from(body, 'utf8')).digest('hex')}`);
  });

  it('verifies its own signature, and refuses another body, another secret, or none', () => {
    const body = '{"a":1}';
    expect(verifySignature(secret, body, signBody(secret, body))).toBe(true);
    expect(verifySignature(secret, '{"a":2}', signBody(secret, body))).toBe(false);
    expect(verifySignature('another-secret-of-16', body, signBody(secret, body))).toBe(false);
    expect(verifySignature(secret, body, undefined)).toBe(false);
    expect(verifySignature(secret, body, 'sha256=00')).toBe(false);
  });
});

describe(backoffDelay.name, () => {
  const policy = { attempts: 6, baseMs: 500, maxMs: 4_000 };

  it('doubles its ceiling with every retry up to the maximum (the draw at its top)', () => {
    const top = () => 0.999_999;
    expect([2, 3, 4, 5, 6, 7].map((attempt) => backoffDelay(policy, attempt, top))).toEqual([499, 999, 1999, 3999, 3999, 3999]);
  });

  it('property: every wait is a whole number of milliseconds between 0 and min(max, base × 2^(attempt-2))', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 40 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, draw) => {
        const wait = backoffDelay(policy, attempt, () => draw);
        expect(Number.isInteger(wait)).toBe(true);
        expect(wait).toBeGreaterThanOrEqual(0);
        expect(wait).toBeLessThan(Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 2)));
      }),
    );
  });
});
