import { ApiKeyRegistry } from '../api-key-registry';
import { AddressLimits } from './address-limits';
import { RequestGate } from './request-gate';

const KEY = '0123456789abcdef0123';
const gate = () =>
  new RequestGate(
    new AddressLimits({ requestsPerSecond: 100, requestBurst: 100, authFailuresPerMinute: 1, authFailureBurst: 2 }, () => 0),
    new ApiKeyRegistry([{ platform: 'gdx', key: KEY }]),
    new Set(['POST /v1/events']),
  );
const events = (address: string, authorization?: string) => ({ address, route: 'POST /v1/events', authorization });

describe(RequestGate.name, () => {
  it('names the holder of a valid key on an authenticated route, and asks no key elsewhere', () => {
    const open = gate();
    expect(open.pass(events('192.0.2.1', `Bearer ${KEY}`))).toEqual({ admitted: true, holder: { platform: 'gdx', keyId: 'gdx#0' } });
    expect(open.pass({ address: '192.0.2.1', route: 'GET /health' })).toEqual({ admitted: true });
  });

  it('refuses an unknown key with 401 until the address has spent its failures, then everything from it with 429', () => {
    const guarded = gate();
    const statuses = ['guess-1', 'guess-2', KEY].map((key) => guarded.pass(events('192.0.2.7', `Bearer ${key}`)));

    expect(statuses.map((passage) => (passage.admitted ? 200 : passage.refusal.status))).toEqual([401, 401, 429]);
    expect(guarded.pass({ address: '192.0.2.7', route: 'GET /health' })).toMatchObject({
      admitted: false,
      refusal: { code: 'rate_limited', details: { retryAfterSeconds: 60 } },
    });
    expect(guarded.pass(events('192.0.2.8', `Bearer ${KEY}`)).admitted).toBe(true);
  });

  it("admits a platform's token for its platform, refuses another role's token with 403 and spends no failure on either", () => {
    const guarded = gate();
    const platformToken = { subject: 'gdx-sender', roles: ['platform' as const], platform: 'gdx', via: 'jwt' as const };
    const operatorToken = { subject: 'ops', roles: ['operator' as const], via: 'jwt' as const };
    for (let request = 0; request < 5; request++) {
      expect(guarded.pass({ ...events('192.0.2.10', 'Bearer a.b.c'), tokenHolder: platformToken })).toEqual({
        admitted: true,
        holder: { platform: 'gdx', keyId: 'gdx-sender' },
      });
      expect(guarded.pass({ ...events('192.0.2.10', 'Bearer a.b.c'), tokenHolder: operatorToken })).toMatchObject({
        admitted: false,
        refusal: { code: 'forbidden', status: 403 },
      });
    }
    expect(guarded.needsTokenHolder('POST /v1/events', `Bearer ${KEY}`)).toBe(false);
    expect(guarded.needsTokenHolder('POST /v1/events', 'Bearer a.b.c')).toBe(true);
    expect(guarded.needsTokenHolder('GET /health', 'Bearer a.b.c')).toBe(false);
  });

  it('spends no failure on a valid key', () => {
    const guarded = gate();
    for (let request = 0; request < 10; request++) expect(guarded.pass(events('192.0.2.9', `Bearer ${KEY}`)).admitted).toBe(true);
  });
});
