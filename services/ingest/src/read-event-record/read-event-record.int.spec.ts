import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { UsageEvent } from '@govmetrics/contracts';
import { EventRecordSchema, IngestErrorSchema, publishedSchemas, USAGE_EVENT_TYPE } from '@govmetrics/contracts';
import { issueStaticToken } from '@govmetrics/auth';
import { contentDigest } from '@govmetrics/ingestion';
import { randomBytes, randomUUID } from 'node:crypto';
import { removeIngestRun } from '../edge/ingest-run.testing';
import { createIngestApp } from '../ingest.app';
import { loadIngestConfig } from '../ingest.config';

const usageEvent = (platform: string, source = `urn:dga:platform:${platform}`): UsageEvent => ({
  specversion: '1.0',
  id: randomUUID(),
  source,
  type: USAGE_EVENT_TYPE,
  time: '2021-03-01T10:00:00+07:00',
  data: { platform, metric: platform === 'gdx' ? 'api_calls' : 'accounts', agency: 'moph', value: 1 },
});

const openApi = publishedSchemas()['ingest-api.v1.openapi.json'] as { paths: Record<string, { get?: { responses: Record<string, unknown> } }> };
const documented = Object.keys(openApi.paths['/v1/events/{id}']?.get?.responses ?? {});

const operator = issueStaticToken({ subject: 'ops', roles: ['operator'] });
const gdxToken = issueStaticToken({ subject: 'gdx-reader', roles: ['platform'], platform: 'gdx' });
const run = `ingest_read_${randomBytes(5).toString('hex')}`;
const KEYS = { gdx: `gdx-${randomBytes(12).toString('hex')}`, mailgothai: `mail-${randomBytes(12).toString('hex')}` };
const config = loadIngestConfig({
  ...process.env,
  INGEST_PORT: '0',
  AUTH_STATIC_TOKENS: JSON.stringify([operator.entry, gdxToken.entry]),
  INGEST_API_KEYS: `gdx=${KEYS.gdx},mailgothai=${KEYS.mailgothai}`,
  USAGE_EVENTS_TOPIC: `usage.events.${run}`,
  COMPLETENESS_TOPIC: `usage.completeness.${run}`,
  VERDICTS_TOPIC: `usage.verdicts.${run}`,
  INGEST_DATABASE_SCHEMA: run,
  EVENT_TIME_NOT_BEFORE: '2020-10-01T00:00:00+07:00',
  RAW_INTAKE_ENABLED: 'false',
  INGEST_PRODUCERS: '1',
});

describe('GET /v1/events/:id (in-process ingest, real Kafka and PostgreSQL)', () => {
  let app: NestFastifyApplication;
  let url: string;
  const gdxEvent = usageEvent('gdx');
  const gdxInstanceEvent = usageEvent('gdx', 'urn:dga:platform:gdx/node-2');
  const mailEvent = usageEvent('mailgothai');

  const send = async (key: string, events: UsageEvent[]) => {
    const response = await fetch(`${url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(events),
    });
    expect({ status: response.status, body: await response.json() }).toMatchObject({ status: 200, body: { accepted: events.length } });
  };

  const read = async (bearer: string | undefined, id: string, source?: string) => {
    const query = source === undefined ? '' : `?source=${encodeURIComponent(source)}`;
    const response = await fetch(`${url}/v1/events/${encodeURIComponent(id)}${query}`, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
    const body: unknown = await response.json();
    expect(documented).toContain(String(response.status));
    return { status: response.status, body: (response.status === 200 ? EventRecordSchema : IngestErrorSchema).parse(body) };
  };

  beforeAll(async () => {
    app = await createIngestApp(config, false);
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
    // Given one event of gdx (and one of an instance of gdx) and one of mailgothai accepted
    await send(KEYS.gdx, [gdxEvent, gdxInstanceEvent]);
    await send(KEYS.mailgothai, [mailEvent]);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await removeIngestRun(config);
  }, 30_000);

  it('answers a platform its own accepted event: when, and the digest of its content', async () => {
    const before = Date.now();
    const { status, body } = await read(KEYS.gdx, gdxEvent.id);
    expect({ status, body }).toEqual({
      status: 200,
      body: { source: 'urn:dga:platform:gdx', id: gdxEvent.id, status: 'accepted', acceptedAt: expect.any(String), contentDigest: contentDigest(gdxEvent) },
    });
    expect(before - Date.parse((body as { acceptedAt: string }).acceptedAt)).toBeLessThan(60_000);
  }, 30_000);

  it('answers the same record to a platform token as to its API key, and an instance source under the platform', async () => {
    const byKey = await read(KEYS.gdx, gdxEvent.id);
    expect(await read(gdxToken.token, gdxEvent.id)).toEqual(byKey);
    expect(await read(KEYS.gdx, gdxInstanceEvent.id, 'urn:dga:platform:gdx/node-2')).toMatchObject({ status: 200, body: { status: 'accepted' } });
  }, 30_000);

  it("never reads another platform's event: its id under the caller's own source is unknown, and naming its source is refused", async () => {
    expect(await read(KEYS.gdx, mailEvent.id)).toMatchObject({
      status: 404,
      body: { error: 'unknown_event', errors: [{ path: '$.id', rule: 'event_not_accepted' }] },
    });
    expect(await read(KEYS.gdx, mailEvent.id, 'urn:dga:platform:mailgothai')).toMatchObject({
      status: 403,
      body: { error: 'forbidden', errors: [{ path: '$.source', rule: 'source_not_of_platform' }] },
    });
    expect(await read(KEYS.mailgothai, mailEvent.id)).toMatchObject({ status: 200, body: { source: 'urn:dga:platform:mailgothai', id: mailEvent.id } });
  }, 30_000);

  it('answers 404 naming the rule for an id never accepted', async () => {
    expect(await read(KEYS.gdx, 'never-sent')).toMatchObject({ status: 404, body: { error: 'unknown_event', errors: [{ rule: 'event_not_accepted' }] } });
  }, 30_000);

  it('answers 400 naming each query parameter at fault', async () => {
    expect(await read(KEYS.gdx, gdxEvent.id, `urn:dga:platform:gdx/${'x'.repeat(300)}`)).toMatchObject({
      status: 400,
      body: { error: 'invalid_query', errors: [{ path: '$.source' }] },
    });
  }, 30_000);

  it('refuses callers that are not a platform: no credential 401, an operator 403', async () => {
    expect((await read(undefined, gdxEvent.id)).status).toBe(401);
    expect(await read(operator.token, gdxEvent.id)).toMatchObject({ status: 403, body: { error: 'forbidden' } });
  }, 30_000);
});
