import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { UsageData, UsageEvent } from '@govmetrics/contracts';
import { IngestAnswerSchema, IngestErrorSchema, publishedSchemas, USAGE_EVENT_TYPE, VerdictSummarySchema } from '@govmetrics/contracts';
import { readCommitted } from '@govmetrics/kafka/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { createIngestApp } from '../ingest.app';
import { loadIngestConfig } from '../ingest.config';
import { removeIngestRun } from '../edge/ingest-run.testing';
import { issueStaticToken } from '@govmetrics/auth';

const usageEvent = (data: Partial<UsageData> = {}): UsageEvent => ({
  specversion: '1.0',
  id: randomUUID(),
  source: `urn:dga:platform:${data.platform ?? 'gdx'}`,
  type: USAGE_EVENT_TYPE,
  time: '2021-03-01T10:00:00+07:00',
  data: { platform: 'gdx', metric: 'api_calls', agency: 'moph', value: 1, ...data },
});

const operator = issueStaticToken({ subject: 'ops', roles: ['operator'] });
const run = `ingest_http_${randomBytes(5).toString('hex')}`;
const KEYS = { gdx: `gdx-${randomBytes(12).toString('hex')}`, mailgothai: `mail-${randomBytes(12).toString('hex')}` };
const config = loadIngestConfig({
  ...process.env,
  INGEST_PORT: '0',
  AUTH_STATIC_TOKENS: JSON.stringify([operator.entry]),
  INGEST_API_KEYS: `gdx=${KEYS.gdx},mailgothai=${KEYS.mailgothai}`,
  USAGE_EVENTS_TOPIC: `usage.events.${run}`,
  COMPLETENESS_TOPIC: `usage.completeness.${run}`,
  VERDICTS_TOPIC: `usage.verdicts.${run}`,
  INGEST_DATABASE_SCHEMA: run,
  EVENT_TIME_NOT_BEFORE: '2020-10-01T00:00:00+07:00',
  MAX_EVENTS_PER_BATCH: '50',
  MAX_BATCH_BYTES: String(64 * 1024),
  RATE_LIMIT_EVENTS_PER_SECOND: '10',
  RATE_LIMIT_BURST: '40',
  RAW_INTAKE_ENABLED: 'false',
  INGEST_PRODUCERS: '2',
});
const openApi = publishedSchemas()['ingest-api.v1.openapi.json'] as { paths: Record<string, { post: { responses: Record<string, unknown> } }> };
const documented = openApi.paths['/v1/events']?.post.responses ?? {};

describe('POST /v1/events (in-process service, real Kafka and PostgreSQL)', () => {
  let app: NestFastifyApplication;
  let url: string;

  /** Sends as `platform` and checks the answer against the published OpenAPI document's status list and schemas. */
  const send = async (platform: keyof typeof KEYS | 'nobody', body: unknown, init: { raw?: string; contentType?: string } = {}) => {
    const headers: Record<string, string> = platform === 'nobody' ? {} : { authorization: `Bearer ${KEYS[platform]}` };
    const response = await fetch(`${url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': init.contentType ?? 'application/json', ...headers },
      body: init.raw ?? JSON.stringify(body),
    });
    const answer: unknown = JSON.parse(await response.text());
    expect(Object.keys(documented)).toContain(String(response.status));
    (response.status === 200 ? IngestAnswerSchema : IngestErrorSchema).parse(answer);
    return { status: response.status, headers: response.headers, body: answer as Record<string, unknown> };
  };

  beforeAll(async () => {
    app = await createIngestApp(config, false);
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await removeIngestRun(config);
  }, 30_000);

  it('answers every event, puts each accepted one on the topic once, and answers duplicate when the batch is sent again', async () => {
    const events: UsageEvent[] = [usageEvent({ agency: 'moph', value: 5 }), usageEvent({ agency: 'mof', value: 7 }), usageEvent({ agency: 'dga', value: 9 })];

    const first = await send('gdx', events);
    const again = await send('gdx', events);

    expect(first).toMatchObject({ status: 200, body: { accepted: 3, duplicate: 0, rejected: 0 } });
    expect(again).toMatchObject({ status: 200, body: { accepted: 0, duplicate: 3, rejected: 0 } });
    const onTopic = await readCommitted(config.KAFKA_BROKERS, config.USAGE_EVENTS_TOPIC, { atLeast: 3 });
    expect(onTopic.map((message) => (JSON.parse(String(message.value)) as UsageEvent).id).sort()).toEqual(events.map((event) => event.id).sort());
  }, 60_000);

  it('publishes one verdict summary per batch, committed with its accepted events, and one alone for a batch that accepted nothing', async () => {
    // Given the first test's two batches summarized before, a batch of 3 new events, one of them repeated, and 2 that break rules
    const fresh = [usageEvent({ agency: 'moph' }), usageEvent({ agency: 'mof' }), usageEvent({ agency: 'dga' })];
    const batch = [...fresh, fresh[0], usageEvent({ metric: 'likes' }), usageEvent({ value: -1 })];

    const answer = await send('gdx', batch);
    const nothingAccepted = await send('gdx', [fresh[1]]);

    expect(answer.body).toMatchObject({ accepted: 3, duplicate: 1, rejected: 2 });
    expect(nothingAccepted.body).toMatchObject({ accepted: 0, duplicate: 1 });
    const summaries = (await readCommitted(config.KAFKA_BROKERS, config.VERDICTS_TOPIC, { atLeast: 4 })).slice(-2).map((message) => ({
      key: String(message.key),
      ...VerdictSummarySchema.parse(JSON.parse(String(message.value))),
    }));
    expect(summaries).toEqual([
      { key: 'gdx', platform: 'gdx', at: expect.any(String), accepted: 3, duplicates: 1, rejected: { undeclared_metric: 1, counter_negative: 1 } },
      { key: 'gdx', platform: 'gdx', at: expect.any(String), accepted: 0, duplicates: 1, rejected: {} },
    ]);
  }, 60_000);

  it('takes NDJSON and answers a line that is not JSON with invalid_json, keeping its neighbours', async () => {
    const raw = [JSON.stringify(usageEvent()), '{"specversion": "1.0", oops', JSON.stringify(usageEvent({ value: 2 }))].join('\n');

    const answer = await send('gdx', undefined, { raw, contentType: 'application/x-ndjson' });

    expect(answer.body).toMatchObject({
      accepted: 2,
      rejected: 1,
      results: [
        { index: 0, status: 'accepted' },
        { index: 1, status: 'rejected', errors: [{ path: '$', rule: 'invalid_json' }] },
        { index: 2, status: 'accepted' },
      ],
    });
  }, 30_000);

  it('names the catalog rule an event breaks', async () => {
    const answer = await send('gdx', [usageEvent({ metric: 'likes' }), usageEvent({ dimensions: { email: 'somchai@example.com' } })]);
    expect(answer.body).toMatchObject({
      rejected: 2,
      results: [
        { status: 'rejected', errors: [{ path: '$.data.metric', rule: 'undeclared_metric' }] },
        {
          status: 'rejected',
          errors: expect.arrayContaining([
            expect.objectContaining({ path: '$.data.dimensions.email', rule: 'pii_in_clear' }),
            expect.objectContaining({ path: '$.data.dimensions.email', rule: 'undeclared_dimension' }),
          ]),
        },
      ],
    });
  }, 30_000);

  it('refuses a missing or unknown key with 401, and an event of another platform than the key’s as that event’s rejection', async () => {
    expect(await send('nobody', [usageEvent()])).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
    // As GDX: MailGoThai's event budget stays whole for the throttling test below.
    const foreign = await send('gdx', [usageEvent({ platform: 'gdx' }), usageEvent({ platform: 'mailgothai', metric: 'accounts' })]);
    expect(foreign).toMatchObject({
      status: 200,
      body: {
        accepted: 1,
        rejected: 1,
        results: [
          { index: 0, status: 'accepted' },
          { index: 1, status: 'rejected', errors: [{ path: '$.data.platform', rule: 'platform_not_of_key' }] },
        ],
      },
    });
  }, 30_000);

  it('refuses a batch over the documented limits with 413 and a body that is not a batch with 400', async () => {
    const tooMany = Array.from({ length: 51 }, () => usageEvent());
    expect(await send('gdx', tooMany)).toMatchObject({ status: 413, body: { error: 'batch_too_large' } });
    const tooBig = [usageEvent({ dimensions: { service: 'x'.repeat(128) } })].concat(Array.from({ length: 49 }, () => usageEvent({ agency: 'a'.repeat(64) })));
    const bytes = await send('gdx', undefined, { raw: JSON.stringify(tooBig).padEnd(70 * 1024, ' ') });
    expect(bytes).toMatchObject({ status: 413, body: { error: 'batch_too_large' } });
    expect(await send('gdx', { not: 'an array' })).toMatchObject({ status: 400, body: { error: 'invalid_batch' } });
    expect(await send('gdx', undefined, { raw: '[{"oops"' })).toMatchObject({ status: 400, body: { error: 'invalid_batch' } });
  }, 30_000);

  it('throttles a key that spends its event budget with 429 and Retry-After, other keys unaffected', async () => {
    const batch = () => Array.from({ length: 40 }, () => usageEvent({ platform: 'mailgothai', metric: 'accounts', value: 10 }));
    expect((await send('mailgothai', batch())).status).toBe(200);

    const throttled = await send('mailgothai', batch());

    expect(throttled).toMatchObject({ status: 429, body: { error: 'rate_limited' } });
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await send('gdx', [usageEvent()])).status).toBe(200);
  }, 30_000);

  it('answers /health ready, with Kafka and PostgreSQL checked', async () => {
    const health = await fetch(`${url}/health`, { headers: { authorization: `Bearer ${operator.token}` } });
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', checks: { kafka: 'ok', postgres: 'ok' } });
  });
});
