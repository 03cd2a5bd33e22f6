import type { EndpointAccess, Role } from '@govmetrics/contracts';
import { ACCESS_MATRIX, ROLES } from '@govmetrics/contracts';
import { Pipeline, usageEvent } from '@govmetrics/devkit';
import { OidcProviderProcess, signingKey } from './oidc-provider.process';

const AUDIENCE = 'urn:govmetrics:api';
const rowName = ({ service, method, path }: EndpointAccess) => `${service} ${method} ${path}`;

/** What an admitted caller of each row sends: a matrix row without one fails the test, so a new endpoint must get one. */
const SAMPLE_REQUESTS: Record<string, { query?: string; body?: unknown }> = {
  'ingest POST /v1/events': { body: [usageEvent()] },
  'ingest GET /v1/events/:id': {},
  'ingest POST /v1/completeness': { body: [{ platform: 'gdx', metric: 'api_calls', day: '2021-01-01' }] },
  'ingest GET /health/live': {},
  'ingest GET /health/ready': {},
  'ingest GET /health': {},
  'gateway GET /v1/aggregates/total': { query: 'platform=gdx&metric=api_calls&agency=moph' },
  'gateway GET /v1/aggregates/stream': { query: 'platform=gdx&metric=api_calls&agency=moph' },
  'gateway GET /v1/series': { query: 'platform=gdx&metric=api_calls&agency=moph&from=2021-03-01&to=2021-03-31' },
  'gateway GET /v1/buckets/events': { query: 'platform=gdx&metric=api_calls&agency=moph&day=2021-03-01' },
  'gateway GET /v1/attainment': {},
  'gateway GET /v1/attainment/stream': {},
  'gateway GET /v1/quarantine': { query: 'platform=gdx' },
  'gateway GET /v1/dead-letters': { query: 'platform=gdx' },
  'gateway GET /v1/operations/pipeline': {},
  'gateway GET /v1/operations/completeness': {},
  'gateway GET /v1/scorecards': { query: 'catalog=dga-fy2564&as-of=2021-09-30' },
  // A forecast reads every day of the period so far: the first day keeps this sample cheap.
  'gateway GET /v1/forecasts': { query: 'catalog=dga-fy2564&as-of=2020-10-01' },
  'gateway GET /v1/ledger/verify': {},
  'gateway GET /v1/ledger/history': {},
  'gateway GET /health/live': {},
  'gateway GET /health/ready': {},
  'gateway GET /health': {},
  'gateway GET /console': {},
  'gateway GET /console/:file': {},
  // A steward's empty body is refused as invalid (400) after the access check admitted it.
  'gateway POST /v1/catalog/import': { body: {} },
  'gateway POST /v1/targets/:indicator/revisions': { body: {} },
  'gateway POST /v1/attestations': { body: {} },
  // An admin's empty body is refused as invalid (400) after the access check, and nothing is issued or revoked.
  'gateway POST /v1/admin/api-keys': { body: {} },
  'gateway GET /v1/admin/api-keys': {},
  'gateway POST /v1/admin/api-keys/:id/revoke': { body: {} },
  'gateway POST /v1/admin/tokens': { body: {} },
  'gateway GET /v1/admin/tokens': {},
  'gateway POST /v1/admin/tokens/:id/revoke': { body: {} },
  'gateway GET /v1/admin/audit': {},
  'gateway GET /v1/alerts': {},
  'gateway GET /v1/alerts/stream': {},
  'gateway POST /v1/alert-rules': { body: {} },
  'gateway POST /v1/alert-rules/:rule/retirements': { body: {} },
  'gateway POST /v1/alerts/:alert/acknowledgements': { body: {} },
  'gateway GET /v1/session': {},
};

type Credential = { name: string; role?: Role; token?: string; onlyAt?: EndpointAccess['service'] };
type Expected = 'allowed' | 401 | 403;

const expected = (row: EndpointAccess, credential: Credential): Expected => {
  if (row.roles === 'open') return 'allowed';
  if (credential.role === undefined) return 401;
  return row.roles.includes(credential.role) ? 'allowed' : 403;
};

/** The answer's status, and its body when it is not a stream (a stream is closed as soon as it answered). */
async function call(url: string, method: string, token: string | undefined, body: unknown): Promise<{ status: number; body: unknown }> {
  const abort = new AbortController();
  const headers: Record<string, string> = {
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
  };
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: abort.signal });
  if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
    abort.abort();
    return { status: response.status, body: null };
  }
  const text = await response.text();
  // The console's page and files are not JSON.
  const json = response.headers.get('content-type')?.startsWith('application/json') === true;
  return { status: response.status, body: text === '' || !json ? null : (JSON.parse(text) as unknown) };
}

/** The same token with its payload changed (every role claimed) and the original signature kept. */
function tampered(jwt: string): string {
  const [header, payload, signature] = jwt.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
  return [header, Buffer.from(JSON.stringify({ ...claims, roles: [...ROLES] })).toString('base64url'), signature].join('.');
}

describe('the access matrix, as every service answers it: every endpoint × every role (static token and OIDC JWT) and every bad credential', () => {
  let pipeline: Pipeline;
  let provider: OidcProviderProcess;
  let impostor: OidcProviderProcess;
  const credentials: Credential[] = [];

  beforeAll(async () => {
    // Given a real OpenID Connect provider with one client per role, one whose tokens expire at once, one for another
    // audience and one operator limited to moph; and a second provider signing with the same key under another issuer
    const key = await signingKey();
    provider = await OidcProviderProcess.start(
      [
        ...ROLES.map((role) => ({ id: role, roles: [role], audience: AUDIENCE, ...(role === 'platform' ? { platform: 'gdx' } : {}) })),
        { id: 'expiring', roles: ['operator', 'auditor', 'platform'], platform: 'gdx', audience: AUDIENCE, ttl: 1 },
        { id: 'elsewhere', roles: ['operator', 'auditor', 'platform'], platform: 'gdx', audience: 'urn:another:api' },
        { id: 'moph-operator', roles: ['operator'], agencies: ['moph'], audience: AUDIENCE },
      ],
      key,
    );
    impostor = await OidcProviderProcess.start([{ id: 'operator', roles: [...ROLES], platform: 'gdx', audience: AUDIENCE }], key);
    const expiring = await provider.token('expiring');
    const expiresAt = Date.now() + 1000;

    // And the ingest and the gateway, trusting the provider and the pipeline's static tokens
    pipeline = await Pipeline.start({
      services: ['ingest', 'gateway'],
      env: { AUTH_OIDC_ISSUER: provider.issuer, AUTH_OIDC_AUDIENCE: AUDIENCE, AUTH_CLOCK_SKEW_SECONDS: '1', IP_AUTH_FAILURE_BURST: '1000' },
    });
    credentials.push({ name: 'no token' });
    for (const role of ROLES) {
      credentials.push({ name: `${role} static token`, role, token: pipeline.token(role) });
      credentials.push({ name: `${role} JWT`, role, token: await provider.token(role) });
    }
    credentials.push({ name: 'gdx API key', role: 'platform', token: pipeline.apiKey('gdx'), onlyAt: 'ingest' });
    credentials.push({ name: 'expired JWT', token: expiring });
    credentials.push({ name: 'wrong-audience JWT', token: await provider.token('elsewhere') });
    credentials.push({ name: 'wrong-issuer JWT', token: await impostor.token('operator') });
    credentials.push({ name: 'tampered JWT', token: tampered(await provider.token('operator')) });
    credentials.push({ name: 'unknown static token', token: 'not-a-token-anyone-issued-0123456789' });
    await new Promise((later) => setTimeout(later, Math.max(0, expiresAt + 2500 - Date.now())));
  }, 120_000);

  afterAll(async () => {
    await pipeline?.stop();
    await provider?.stop();
    await impostor?.stop();
  }, 60_000);

  it('answers 100% of requests as the matrix says: 401 without a valid credential, 403 for a role it does not list, allowed otherwise', async () => {
    const answers: { row: string; credential: string; expected: Expected; status: number }[] = [];
    for (const row of ACCESS_MATRIX) {
      const sample = SAMPLE_REQUESTS[rowName(row)];
      expect({ row: rowName(row), sample }).toEqual({ row: rowName(row), sample: expect.anything() });
      const base = row.service === 'ingest' ? pipeline.ingestUrl : pipeline.gatewayUrl;
      const url = `${base}${row.path.replace(':indicator', 'A1')}${sample?.query ? `?${sample.query}` : ''}`;
      for (const credential of credentials.filter(({ onlyAt }) => onlyAt === undefined || onlyAt === row.service)) {
        const { status } = await call(url, row.method, credential.token, sample?.body);
        answers.push({ row: rowName(row), credential: credential.name, expected: expected(row, credential), status });
      }
    }
    const matches = ({ expected: want, status }: (typeof answers)[number]) => (want === 'allowed' ? status !== 401 && status !== 403 : status === want);
    // Every answer is listed on failure, so a wrong one says which endpoint and credential
    expect(answers.filter((answer) => !matches(answer))).toEqual([]);
    expect(answers).toHaveLength(ACCESS_MATRIX.reduce((sum, row) => sum + credentials.filter(({ onlyAt }) => !onlyAt || onlyAt === row.service).length, 0));
    expect(new Set(answers.map(({ expected: want }) => want))).toEqual(new Set(['allowed', 401, 403]));
  }, 120_000);

  it("shows an open route's detail only to the roles the matrix names for it", async () => {
    for (const row of ACCESS_MATRIX.filter(({ roles, detailRoles }) => roles === 'open' && detailRoles)) {
      const url = `${row.service === 'ingest' ? pipeline.ingestUrl : pipeline.gatewayUrl}${row.path}`;
      for (const credential of credentials) {
        const { status, body } = await call(url, row.method, credential.token, undefined);
        const detailed = credential.role !== undefined && (row.detailRoles ?? []).includes(credential.role);
        expect({ row: rowName(row), credential: credential.name, status, detail: Object.keys(body as object).includes('checks') }).toEqual({
          row: rowName(row),
          credential: credential.name,
          status: 200,
          detail: detailed,
        });
      }
    }
  }, 60_000);

  it('holds an operator whose token lists agencies to those agencies', async () => {
    const token = await provider.token('moph-operator');
    const total = (query: string) => call(`${pipeline.gatewayUrl}/v1/aggregates/total?platform=gdx&metric=api_calls${query}`, 'GET', token, undefined);
    expect((await total('&agency=moph')).status).toBe(200);
    expect(await total('&agency=mof')).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect(await total('')).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    // And refuses it what is scored over every agency, naming the rule, rather than answering in part
    expect(await call(`${pipeline.gatewayUrl}/v1/attainment`, 'GET', token, undefined)).toMatchObject({
      status: 403,
      body: { error: 'forbidden', message: expect.stringContaining('spans every agency') },
    });
  });

  it('says why a token was refused, and asks for a bearer token when there is none', async () => {
    const verify = `${pipeline.gatewayUrl}/v1/ledger/verify`;
    const none = await fetch(verify);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    const wrongAudience = credentials.find(({ name }) => name === 'wrong-audience JWT');
    expect(await call(verify, 'GET', wrongAudience?.token, undefined)).toMatchObject({
      status: 401,
      body: { error: 'unauthorized', message: expect.stringContaining('aud') },
    });
  });
});
