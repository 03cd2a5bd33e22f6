import { AuthError } from '@govmetrics/auth';
import type { Principal } from '@govmetrics/contracts';
import { ApiKeyRegistry } from '../api-key-registry';
import { AddressLimits } from './address-limits';
import { type KeptApiKeys, RequestGate, type TokenResolver } from './request-gate';

const KEY = '0123456789abcdef0123';
const gate = (requestBurst = 100, keptKeys?: KeptApiKeys) =>
  new RequestGate(
    new AddressLimits({ requestsPerSecond: 1, requestBurst, authFailuresPerMinute: 1, authFailureBurst: 2 }, () => 0),
    new ApiKeyRegistry([{ platform: 'gdx', key: KEY }]),
    new Set(['POST /v1/events']),
    keptKeys,
  );
const events = (address: string, authorization?: string) => ({ address, route: 'POST /v1/events', authorization });
const resolvesTo =
  (principal: Principal): TokenResolver =>
  () =>
    Promise.resolve(principal);

describe(RequestGate.name, () => {
  it("admits a key an admin issued (the credential store's) after the configured keys, as its platform", async () => {
    const kept: KeptApiKeys = (key) => Promise.resolve(key === 'issued-by-admin-0123' ? { platform: 'gin', keyId: 'gin#4f1c' } : undefined);
    const guarded = gate(100, kept);
    await expect(guarded.pass(events('192.0.2.2', 'Bearer issued-by-admin-0123'))).resolves.toEqual({
      admitted: true,
      holder: { platform: 'gin', keyId: 'gin#4f1c' },
    });
    await expect(guarded.pass(events('192.0.2.2', `Bearer ${KEY}`))).resolves.toMatchObject({ holder: { platform: 'gdx' } });
    await expect(guarded.pass(events('192.0.2.2', 'Bearer revoked-or-unknown'))).resolves.toMatchObject({ refusal: { code: 'unauthorized' } });
  });

  it('answers 503 with Retry-After, spending no failure, while the credential store cannot be read', async () => {
    const unreadable: KeptApiKeys = () => Promise.reject(new AuthError('identity_provider_unavailable', 'the credential could not be checked: ECONNREFUSED'));
    const guarded = gate(100, unreadable);
    for (let request = 0; request < 4; request++)
      await expect(guarded.pass(events('192.0.2.3', 'Bearer some-key-0123456789'))).resolves.toMatchObject({
        refusal: { code: 'log_unavailable', status: 503, details: { retryAfterSeconds: 1 } },
      });
  });

  it('names the holder of a valid key on an authenticated route, and asks no key elsewhere', async () => {
    const open = gate();
    await expect(open.pass(events('192.0.2.1', `Bearer ${KEY}`))).resolves.toEqual({ admitted: true, holder: { platform: 'gdx', keyId: 'gdx#0' } });
    await expect(open.pass({ address: '192.0.2.1', route: 'GET /health' })).resolves.toEqual({ admitted: true });
  });

  it('refuses an unknown key with 401 until the address has spent its failures, then everything from it with 429', async () => {
    const guarded = gate();
    const statuses: number[] = [];
    for (const key of ['guess-1', 'guess-2', KEY]) {
      const passage = await guarded.pass(events('192.0.2.7', `Bearer ${key}`));
      statuses.push(passage.admitted ? 200 : passage.refusal.status);
    }

    expect(statuses).toEqual([401, 401, 429]);
    await expect(guarded.pass({ address: '192.0.2.7', route: 'GET /health' })).resolves.toMatchObject({
      admitted: false,
      refusal: { code: 'rate_limited', details: { retryAfterSeconds: 60 } },
    });
    await expect(guarded.pass(events('192.0.2.8', `Bearer ${KEY}`))).resolves.toMatchObject({ admitted: true });
  });

  it("admits a platform's token for its platform, refuses another role's token with 403 and spends no failure on either", async () => {
    const guarded = gate();
    const platformToken = resolvesTo({ subject: 'gdx-sender', roles: ['platform'], platform: 'gdx', via: 'jwt' });
    const operatorToken = resolvesTo({ subject: 'ops', roles: ['operator'], via: 'jwt' });
    for (let request = 0; request < 5; request++) {
      await expect(guarded.pass(events('192.0.2.10', 'Bearer a.b.c'), platformToken)).resolves.toEqual({
        admitted: true,
        holder: { platform: 'gdx', keyId: 'gdx-sender' },
      });
      await expect(guarded.pass(events('192.0.2.10', 'Bearer a.b.c'), operatorToken)).resolves.toMatchObject({
        admitted: false,
        refusal: { code: 'forbidden', status: 403 },
      });
    }
  });

  it('looks a key up once per request and resolves a token only for a bearer that is no API key, on an authenticated route', async () => {
    const guarded = gate();
    const holderOf = jest.spyOn(ApiKeyRegistry.prototype, 'holderOf');
    const resolveToken = jest.fn<ReturnType<TokenResolver>, Parameters<TokenResolver>>(() => Promise.resolve(undefined));

    await guarded.pass(events('192.0.2.11', `Bearer ${KEY}`), resolveToken);
    await guarded.pass({ address: '192.0.2.11', route: 'GET /health', authorization: 'Bearer a.b.c' }, resolveToken);
    await guarded.pass(events('192.0.2.11'), resolveToken);
    expect(resolveToken).not.toHaveBeenCalled();

    await guarded.pass(events('192.0.2.11', 'Bearer a.b.c'), resolveToken);
    expect(resolveToken).toHaveBeenCalledWith('Bearer a.b.c');
    expect(holderOf).toHaveBeenCalledTimes(3);
    holderOf.mockRestore();
  });

  it("spends the address's request budget before any token work: a refused address never has its token resolved", async () => {
    const guarded = gate(2);
    const resolveToken = jest.fn<ReturnType<TokenResolver>, Parameters<TokenResolver>>(() =>
      Promise.resolve({ subject: 'gdx-sender', roles: ['platform'], platform: 'gdx', via: 'jwt' }),
    );
    const passages = [];
    for (let request = 0; request < 4; request++) passages.push(await guarded.pass(events('192.0.2.12', 'Bearer a.b.c'), resolveToken));

    expect(passages.map((passage) => (passage.admitted ? 200 : passage.refusal.status))).toEqual([200, 200, 429, 429]);
    expect(resolveToken).toHaveBeenCalledTimes(2);
  });

  it('spends no failure on a valid key', async () => {
    const guarded = gate();
    for (let request = 0; request < 10; request++) await expect(guarded.pass(events('192.0.2.9', `Bearer ${KEY}`))).resolves.toMatchObject({ admitted: true });
  });
});
