import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { UsageEvent } from '@govmetrics/contracts';
import { IngestAnswerSchema, IngestErrorSchema, publishedSchemas, USAGE_EVENT_TYPE } from '@govmetrics/contracts';
import { randomBytes, randomUUID } from 'node:crypto';
import { createIngestApp } from '../ingest.app';
import { loadIngestConfig } from '../ingest.config';
import { removeIngestRun } from './ingest-run.testing';
import { type Answer, RawConnection, requestFrom } from './raw-http.testing';

const run = `ingest_edge_${randomBytes(5).toString('hex')}`;
const KEY = `gdx-${randomBytes(12).toString('hex')}`;
const TIMEOUTS = { request: 4000, headers: 2000, keepAlive: 1000 };
const config = loadIngestConfig({
  ...process.env,
  INGEST_PORT: '0',
  INGEST_API_KEYS: `gdx=${KEY}`,
  USAGE_EVENTS_TOPIC: `usage.events.${run}`,
  COMPLETENESS_TOPIC: `usage.completeness.${run}`,
  VERDICTS_TOPIC: `usage.verdicts.${run}`,
  INGEST_DATABASE_SCHEMA: run,
  EVENT_TIME_NOT_BEFORE: '2020-10-01T00:00:00+07:00',
  RAW_INTAKE_ENABLED: 'false',
  INGEST_PRODUCERS: '1',
  INGEST_REQUEST_TIMEOUT_MS: String(TIMEOUTS.request),
  INGEST_HEADERS_TIMEOUT_MS: String(TIMEOUTS.headers),
  INGEST_KEEP_ALIVE_TIMEOUT_MS: String(TIMEOUTS.keepAlive),
  IP_RATE_LIMIT_REQUESTS_PER_SECOND: '1',
  IP_RATE_LIMIT_BURST: '5',
  IP_AUTH_FAILURES_PER_MINUTE: '1',
  IP_AUTH_FAILURE_BURST: '3',
});
const FIVE_MIB = 5 * 1024 * 1024;
const openApi = publishedSchemas()['ingest-api.v1.openapi.json'] as { paths: Record<string, { post: { responses: Record<string, unknown> } }> };
const documented = Object.keys(openApi.paths['/v1/events']?.post.responses ?? {});

// Each test speaks from a loopback address of its own, so the per-address budgets of one never touch another's.
let nextAddress = 10;
const freshAddress = () => `127.0.0.${nextAddress++}`;

const usageEvent = (data: Partial<UsageEvent['data']> & Record<string, unknown> = {}) => ({
  specversion: '1.0',
  id: randomUUID(),
  source: 'urn:dga:platform:gdx',
  type: USAGE_EVENT_TYPE,
  time: '2021-03-01T10:00:00+07:00',
  data: { platform: 'gdx', metric: 'api_calls', agency: 'moph', value: 1, ...data },
});

/** The documented shape of an answer: a status the OpenAPI document lists, a body its schemas accept. */
function documentedAnswer(status: number, body: unknown): Record<string, unknown> {
  expect(documented).toContain(String(status));
  return (status === 200 ? IngestAnswerSchema : IngestErrorSchema).parse(body);
}

const headersOf = (announcedBytes: number, authorization?: string) =>
  [
    'POST /v1/events HTTP/1.1',
    'Host: ingest',
    'Content-Type: application/json',
    `Content-Length: ${announcedBytes}`,
    ...(authorization ? [`Authorization: ${authorization}`] : []),
    '',
    '',
  ].join('\r\n');

describe('the ingest’s HTTP edge (in-process service, real Kafka and PostgreSQL)', () => {
  let app: NestFastifyApplication;
  let url: string;
  let port: number;

  const post = async (from: string, body: string, authorization = `Bearer ${KEY}`): Promise<Answer & { json: Record<string, unknown> }> => {
    const answer = await requestFrom(from, `${url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body });
    return { ...answer, json: documentedAnswer(answer.status, JSON.parse(answer.text)) };
  };

  beforeAll(async () => {
    app = await createIngestApp(config, false);
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
    port = Number(new URL(url).port);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await removeIngestRun(config);
  }, 30_000);

  describe('the API key is checked before the body is read', () => {
    it.each([
      ['an unknown key', 'Bearer not-a-key-of-anyone-0000'],
      ['no key', undefined],
    ])(
      'answers %s 401 while most of an announced 5 MiB body is still unsent, and closes the connection without reading the rest',
      async (_case, authorization) => {
        const connection = await RawConnection.open(port, freshAddress());
        connection.write(headersOf(FIVE_MIB, authorization));
        connection.write(Buffer.alloc(64 * 1024, 0x20));

        expect(await connection.answered(5000)).toBe(true);
        expect(connection.status).toBe(401);
        expect(documentedAnswer(401, connection.body)).toMatchObject({ error: 'unauthorized' });
        expect(connection.text).toMatch(/\r\nconnection: close\r\n/i);
        expect(await connection.until(() => connection.closedAt !== undefined, 2000)).toBe(true);
      },
    );

    it('keeps waiting for the body of a request with a valid key, and answers 408 once the request timeout has passed', async () => {
      const connection = await RawConnection.open(port, freshAddress());
      const started = Date.now();
      connection.write(headersOf(FIVE_MIB, `Bearer ${KEY}`));
      connection.write(Buffer.alloc(64 * 1024, 0x20));

      expect(await connection.answered(TIMEOUTS.request / 2)).toBe(false);
      expect(await connection.answered(TIMEOUTS.request * 2)).toBe(true);

      expect(connection.status).toBe(408);
      expect(documentedAnswer(408, connection.body)).toMatchObject({ error: 'request_timeout' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUTS.request - 100);
      expect(await connection.until(() => connection.closedAt !== undefined, 1000)).toBe(true);
    }, 20_000);
  });

  describe('timeouts and what Node’s HTTP parser refuses', () => {
    it('answers a slowloris (headers dribbled one byte a second) 408 and closes it within the headers timeout', async () => {
      const connection = await RawConnection.open(port, freshAddress());
      const started = Date.now();
      const dribble = setInterval(() => connection.write('X'), 1000);
      connection.write('POST /v1/events HTTP/1.1\r\nX-Slow: ');
      try {
        expect(await connection.until(() => connection.closedAt !== undefined, TIMEOUTS.headers * 3)).toBe(true);
      } finally {
        clearInterval(dribble);
      }

      expect(connection.status).toBe(408);
      expect(documentedAnswer(408, connection.body)).toMatchObject({ error: 'request_timeout' });
      const heldMs = (connection.closedAt ?? Infinity) - started;
      expect(heldMs).toBeGreaterThanOrEqual(TIMEOUTS.headers - 100);
      expect(heldMs).toBeLessThan(TIMEOUTS.headers * 1.5);
    }, 20_000);

    it.each([
      ['not HTTP at all', 'HELLO THERE\r\n\r\n', 400, 'malformed_request'],
      ['headers over 16 KiB', `GET /health HTTP/1.1\r\nHost: ingest\r\nX-Big: ${'x'.repeat(20 * 1024)}\r\n\r\n`, 431, 'headers_too_large'],
    ])('answers a request %s in the documented shape and closes the connection', async (_case, request, status, error) => {
      const connection = await RawConnection.open(port, freshAddress());
      connection.write(request);

      expect(await connection.answered(5000)).toBe(true);
      expect(connection.status).toBe(status);
      expect(documentedAnswer(status, connection.body)).toMatchObject({ error });
      expect(await connection.until(() => connection.closedAt !== undefined, 2000)).toBe(true);
    });

    it('closes a connection that never sends a byte within the headers timeout', async () => {
      const connection = await RawConnection.open(port, freshAddress());
      const openedAt = Date.now();

      expect(await connection.until(() => connection.closedAt !== undefined, TIMEOUTS.headers * 3)).toBe(true);
      expect((connection.closedAt ?? Infinity) - openedAt).toBeLessThan(TIMEOUTS.headers * 1.5);
    }, 20_000);

    // Node closes 1 s after the advertised timeout, so a client that honours `Keep-Alive: timeout` always closes first.
    it('advertises the keep-alive timeout and closes an idle connection within a second after it', async () => {
      const connection = await RawConnection.open(port, freshAddress());
      connection.write('GET /health HTTP/1.1\r\nHost: ingest\r\n\r\n');
      expect(await connection.answered(5000)).toBe(true);
      const answeredAt = Date.now();
      expect(connection.status).toBe(200);
      expect(connection.text).toMatch(new RegExp(`\\r\\nkeep-alive: timeout=${TIMEOUTS.keepAlive / 1000}\\r\\n`, 'i'));

      expect(await connection.until(() => connection.closedAt !== undefined, TIMEOUTS.keepAlive + 3000)).toBe(true);
      const idleMs = (connection.closedAt ?? Infinity) - answeredAt;
      expect(idleMs).toBeGreaterThanOrEqual(TIMEOUTS.keepAlive - 100);
      expect(idleMs).toBeLessThan(TIMEOUTS.keepAlive + 1500);
    }, 20_000);
  });

  describe('per-address limits beside the per-key ones', () => {
    it('refuses requests beyond an address’s burst with 429 and Retry-After, other addresses unaffected', async () => {
      const busy = freshAddress();
      const answers = await Promise.all(Array.from({ length: 7 }, () => requestFrom(busy, `${url}/health`)));

      const refused = answers.filter((answer) => answer.status === 429);
      expect(answers.filter((answer) => answer.status === 200)).toHaveLength(5);
      expect(refused).toHaveLength(2);
      for (const answer of refused) {
        expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        expect(documentedAnswer(429, JSON.parse(answer.text))).toMatchObject({ error: 'rate_limited', message: expect.stringContaining('too many requests') });
      }
      expect((await requestFrom(freshAddress(), `${url}/health`)).status).toBe(200);
    });

    it('shuts out an address after its burst of failed authentications, even with a valid key, and not its neighbours', async () => {
      const guesser = freshAddress();
      const batch = JSON.stringify([usageEvent()]);
      for (let guess = 0; guess < 3; guess++) expect((await post(guesser, batch, `Bearer guess-${guess}-0000000000000000`)).status).toBe(401);

      const shutOut = await post(guesser, batch);

      expect(shutOut.status).toBe(429);
      expect(Number(shutOut.headers['retry-after'])).toBeGreaterThanOrEqual(30);
      expect(shutOut.json).toMatchObject({ error: 'rate_limited', message: expect.stringContaining('failed authentications') });
      expect((await post(freshAddress(), batch)).json).toMatchObject({ accepted: 1 });
    }, 30_000);
  });

  describe('one bad item is that item’s rejection, never the batch’s 500', () => {
    const batch = () => [usageEvent({ metric: 'constructor', dimensions: { service: 'x' } }), usageEvent({ value: 3 })];

    it('answers a batch holding metric "constructor" with dimensions 200, rejecting that item and accepting its neighbour', async () => {
      const answer = await post(freshAddress(), JSON.stringify(batch()));

      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({
        accepted: 1,
        rejected: 1,
        results: [
          { index: 0, status: 'rejected' },
          { index: 1, status: 'accepted' },
        ],
      });
    });

    // Needs the validator's own-key catalog look-ups (another branch); until then the item is answered `unassessable`.
    it('names metric "constructor" an undeclared metric at $.data.metric', async () => {
      const answer = await post(freshAddress(), JSON.stringify(batch()));

      expect(answer.json).toMatchObject({
        results: [
          { index: 0, status: 'rejected', errors: expect.arrayContaining([{ path: '$.data.metric', rule: 'undeclared_metric', message: expect.any(String) }]) },
          { index: 1 },
        ],
      });
    });
  });

  // The cap itself is the validator's (another branch); this proves the answer over HTTP stays small.
  it('answers the 0.9 MB event holding 100,000 e-mail-like strings in under 64 KiB, naming the path and rule', async () => {
    const addresses = Array.from({ length: 100_000 }, (_, n) => `u${n}@x.th`);
    const body = JSON.stringify([usageEvent({ dimensions: { service: 'x' }, labels: addresses })]);
    expect(body.length).toBeGreaterThan(900_000);

    const answer = await post(freshAddress(), body);

    expect(answer.status).toBe(200);
    expect(Buffer.byteLength(answer.text)).toBeLessThan(64 * 1024);
    expect(answer.json).toMatchObject({
      rejected: 1,
      results: [{ status: 'rejected', errors: expect.arrayContaining([expect.objectContaining({ path: '$.data.labels[0]', rule: 'pii_in_clear' })]) }],
    });
  }, 30_000);
});
