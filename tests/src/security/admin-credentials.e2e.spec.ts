import type { EndpointAccess, Role } from '@govmetrics/contracts';
import {
  ACCESS_MATRIX,
  CredentialAnswerSchema,
  CredentialAuditAnswerSchema,
  CredentialListAnswerSchema,
  IngestAnswerSchema,
  IssuedCredentialAnswerSchema,
  ROLES,
} from '@govmetrics/contracts';
import { Pipeline, requestJson, usageEvent } from '@govmetrics/devkit';

/** The services' default CREDENTIALS_CACHE_MS: the longest a revoked credential may still be accepted. */
const CACHE_MS = 5000;
const ADMIN_ROUTES = ACCESS_MATRIX.filter(({ path }) => path.startsWith('/v1/admin/'));

describe('admins keep API keys and tokens over HTTP: issued as the admin, accepted, refused within the cache delay once revoked', () => {
  let pipeline: Pipeline;

  const admin = (method: 'GET' | 'POST', path: string, body?: unknown) =>
    requestJson(`${pipeline.gatewayUrl}${path}`, { method, body, headers: pipeline.roleHeaders('admin') });
  const postEvent = (key: string) => requestJson(`${pipeline.ingestUrl}/v1/events`, { body: [usageEvent()], headers: { authorization: `Bearer ${key}` } });

  /** Polls `status` until it is 401 and says how long after `since` that was. */
  async function refusedAfter(since: number, status: () => Promise<number>): Promise<{ status: number; afterMs: number }> {
    let seen = await status();
    while (seen !== 401 && Date.now() - since < CACHE_MS * 3) {
      await new Promise((resolveLater) => setTimeout(resolveLater, 100));
      seen = await status();
    }
    return { status: seen, afterMs: Date.now() - since };
  }

  beforeAll(async () => {
    pipeline = await Pipeline.start({ services: ['ingest', 'gateway'] });
  }, 240_000);

  afterAll(async () => {
    await pipeline?.stop();
  }, 120_000);

  it("a platform's API key: the secret shown once, events accepted with it, then 401 within CREDENTIALS_CACHE_MS of its revocation", async () => {
    // Given an admin issues gdx a second key (beside its configured one)
    const issued = await admin('POST', '/v1/admin/api-keys', { platform: 'gdx', reason: 'gdx rotates its sender key' });
    expect(issued.status).toBe(201);
    const { credential, secret } = IssuedCredentialAnswerSchema.parse(issued.body);
    expect(credential).toMatchObject({ platform: 'gdx', roles: ['platform'], status: 'active', createdBy: 'dev-admin', reason: 'gdx rotates its sender key' });

    // When gdx sends with it, its event is accepted
    const accepted = await postEvent(secret);
    expect(accepted.status).toBe(200);
    expect(IngestAnswerSchema.parse(accepted.body).results.map(({ status }) => status)).toEqual(['accepted']);

    // And the list shows the key, never its secret
    const listed = await admin('GET', '/v1/admin/api-keys');
    expect(CredentialListAnswerSchema.parse(listed.body).credentials.map(({ id }) => id)).toContain(credential.id);
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    // When the admin revokes it
    const revoked = await admin('POST', `/v1/admin/api-keys/${credential.id}/revoke`, { reason: 'key found in a public repository' });
    const revokedAt = Date.now();
    expect(revoked.status).toBe(200);
    expect(CredentialAnswerSchema.parse(revoked.body).credential).toMatchObject({ status: 'revoked', revokedBy: 'dev-admin' });

    // Then gdx's next posts are refused within the cache delay, and after it every post is
    const refusal = await refusedAfter(revokedAt, async () => (await postEvent(secret)).status);
    expect(refusal.status).toBe(401);
    expect(refusal.afterMs).toBeLessThanOrEqual(CACHE_MS + 1000);
    await new Promise((resolveLater) => setTimeout(resolveLater, Math.max(0, CACHE_MS - (Date.now() - revokedAt))));
    expect((await postEvent(secret)).status).toBe(401);
    process.stdout.write(`revoked API key first refused ${refusal.afterMs} ms after its revocation\n`);

    // And a second revocation changes nothing
    const again = await admin('POST', `/v1/admin/api-keys/${credential.id}/revoke`, { reason: 'again' });
    expect(again).toMatchObject({ status: 409, body: { error: 'already_revoked' } });
  }, 60_000);

  it('a bearer token with a role: the gateway admits it as its subject, and refuses it within the cache delay once revoked', async () => {
    const issued = await admin('POST', '/v1/admin/tokens', { subject: 'ops-dashboard', roles: ['operator'], reason: 'the NOC wall screen' });
    expect(issued.status).toBe(201);
    const { credential, secret } = IssuedCredentialAnswerSchema.parse(issued.body);
    const board = () => requestJson(`${pipeline.gatewayUrl}/v1/attainment`, { headers: { authorization: `Bearer ${secret}` } });
    expect((await board()).status).toBe(200);

    const revoked = await admin('POST', `/v1/admin/tokens/${credential.id}/revoke`, { reason: 'screen decommissioned' });
    const revokedAt = Date.now();
    expect(revoked.status).toBe(200);
    const refusal = await refusedAfter(revokedAt, async () => (await board()).status);
    expect(refusal).toMatchObject({ status: 401 });
    expect(refusal.afterMs).toBeLessThanOrEqual(CACHE_MS + 1000);
  }, 60_000);

  it('refuses every admin endpoint to every role it does not list (403) and to no token (401)', async () => {
    const answers: { route: string; role: Role | 'none'; status: number }[] = [];
    for (const row of ADMIN_ROUTES) {
      const admitted = row.roles === 'open' ? ROLES : row.roles;
      for (const role of [...ROLES.filter((name) => !admitted.includes(name)), 'none' as const]) {
        const headers = role === 'none' ? {} : pipeline.roleHeaders(role);
        const path = row.path.replace(':id', '00000000-0000-4000-8000-000000000000');
        const { status } = await requestJson(`${pipeline.gatewayUrl}${path}`, {
          method: row.method,
          headers,
          body: row.method === 'POST' ? { reason: 'x' } : undefined,
        });
        answers.push({ route: `${row.method} ${row.path}`, role, status });
      }
    }
    // Six admin-only routes, and the audit trail, which auditors read too.
    expect(ADMIN_ROUTES).toHaveLength(7);
    expect(answers).toHaveLength(6 * 5 + 4);
    expect(answers.filter(({ role, status }) => status !== (role === 'none' ? 401 : 403))).toEqual([]);
  }, 60_000);

  it('answers a body that breaks its schema with 400 naming each field, and an unknown id with 404', async () => {
    const cases: [EndpointAccess['path'], unknown, RegExp][] = [
      ['/v1/admin/tokens', { subject: 'gin-sender', roles: ['platform'], reason: 'r' }, /platform: a token with the platform role names its platform/],
      ['/v1/admin/tokens', { subject: 's', roles: ['root'], reason: 'r' }, /roles\.0/],
      ['/v1/admin/api-keys', { platform: 'gin', reason: 'r', createdBy: 'someone-else' }, /Unrecognized key: "createdBy"/],
      ['/v1/admin/api-keys', { platform: 'gin', reason: ' ' }, /reason/],
      ['/v1/admin/api-keys', { platform: 'gin', reason: 'r', expiresAt: '2020-01-01T00:00:00Z' }, /expiresAt: must be in the future/],
    ];
    for (const [path, body, message] of cases) {
      const answer = await admin('POST', path, body);
      expect(answer).toMatchObject({ status: 400, body: { error: 'invalid_request', message: expect.stringMatching(message) as unknown } });
    }
    const unknown = await admin('POST', '/v1/admin/tokens/00000000-0000-4000-8000-000000000000/revoke', { reason: 'r' });
    expect(unknown).toMatchObject({ status: 404, body: { error: 'not_found' } });
    const notAnId = await admin('POST', '/v1/admin/tokens/42/revoke', { reason: 'r' });
    expect(notAnId).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
  }, 60_000);

  it('shows an auditor every change, in order, with who and why, and the chain intact', async () => {
    const answer = await requestJson(`${pipeline.gatewayUrl}/v1/admin/audit`, { headers: pipeline.roleHeaders('auditor') });
    expect(answer.status).toBe(200);
    const { records, verification } = CredentialAuditAnswerSchema.parse(answer.body);
    expect(records.map(({ action, kind, who }) => `${action} ${kind} by ${who}`)).toEqual([
      'issued api_key by dev-admin',
      'revoked api_key by dev-admin',
      'issued token by dev-admin',
      'revoked token by dev-admin',
    ]);
    expect(records[1]?.why).toBe('key found in a public repository');
    expect(verification).toEqual({ ok: true, records: 4, head: records[3]?.hash });
  }, 60_000);
});
