import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { issueStaticToken } from '@govmetrics/auth';
import { USAGE_EVENT_TYPE } from '@govmetrics/contracts';
import { createKafka } from '@govmetrics/kafka';
import { ShutdownState } from '@govmetrics/lifecycle';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createIngestApp } from './ingest.app';
import { loadIngestConfig } from './ingest.config';

const operator = issueStaticToken({ subject: 'ops', roles: ['operator'] });
const run = `ingest_drain_${randomBytes(5).toString('hex')}`;
const API_KEY = randomBytes(12).toString('hex');
const config = loadIngestConfig({
  ...process.env,
  INGEST_PORT: '0',
  AUTH_STATIC_TOKENS: JSON.stringify([operator.entry]),
  INGEST_API_KEYS: `gdx=${API_KEY}`,
  EVENT_TIME_NOT_BEFORE: '2020-10-01T00:00:00+07:00',
  USAGE_EVENTS_TOPIC: `usage.events.${run}`,
  COMPLETENESS_TOPIC: `usage.completeness.${run}`,
  VERDICTS_TOPIC: `usage.verdicts.${run}`,
  INGEST_DATABASE_SCHEMA: run,
  RAW_INTAKE_ENABLED: 'false',
  INGEST_PRODUCERS: '1',
});
const batch = () => [
  {
    specversion: '1.0',
    id: randomUUID(),
    source: 'urn:dga:platform:gdx',
    type: USAGE_EVENT_TYPE,
    time: '2021-03-01T10:00:00+07:00',
    data: { platform: 'gdx', metric: 'api_calls', agency: 'moph', value: 1 },
  },
];

describe('the ingest once shutdown began (in-process service, real Kafka and PostgreSQL)', () => {
  let app: NestFastifyApplication;
  let url: string;
  const post = () =>
    fetch(`${url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify(batch()),
    });

  beforeAll(async () => {
    app = await createIngestApp(config, false);
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    const client = new Client({ connectionString: config.INGEST_DATABASE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${run}" CASCADE`);
    await client.end();
    const admin = createKafka(config).admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [config.USAGE_EVENTS_TOPIC, config.COMPLETENESS_TOPIC, config.VERDICTS_TOPIC] }).catch(() => undefined);
    await admin.disconnect();
  }, 60_000);

  it('refuses new batches with 503, Connection: close and Retry-After, is not ready, and still live', async () => {
    // Given an ingest that takes batches
    expect((await post()).status).toBe(200);
    expect((await fetch(`${url}/health/ready`)).status).toBe(200);

    // When shutdown begins (SIGTERM: Nest's first step, before the server stops listening)
    app.get(ShutdownState).onModuleDestroy();

    // Then a new batch is refused, telling the client to close and come back (to another replica)
    const refused = await post();
    expect(refused.status).toBe(503);
    expect(refused.headers.get('connection')).toBe('close');
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({ error: 'shutting_down' });
    // And readiness says so, while liveness holds
    const ready = await fetch(`${url}/health/ready`, { headers: { authorization: `Bearer ${operator.token}` } });
    expect({ status: ready.status, body: await ready.json() }).toMatchObject({ status: 503, body: { error: 'shutting_down' } });
    expect((await fetch(`${url}/health/live`)).status).toBe(200);
  });
});
