import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { issueStaticToken } from '@govmetrics/auth';
import { bangkokDay, CompletenessAnswerSchema, IngestErrorSchema, publishedSchemas } from '@govmetrics/contracts';
import { CompletenessLedger, foldCompletenessRecord } from '@govmetrics/foresight';
import { createKafka, tailTopic, type TopicTail } from '@govmetrics/kafka';
import { randomBytes } from 'node:crypto';
import { removeIngestRun } from '../edge/ingest-run.testing';
import { createIngestApp } from '../ingest.app';
import { loadIngestConfig } from '../ingest.config';

const openApi = publishedSchemas()['ingest-api.v1.openapi.json'] as { paths: Record<string, { post?: { responses: Record<string, unknown> } }> };
const documented = Object.keys(openApi.paths['/v1/completeness']?.post?.responses ?? {});

const operator = issueStaticToken({ subject: 'ops', roles: ['operator'] });
const run = `ingest_complete_${randomBytes(5).toString('hex')}`;
const GDX_KEY = `gdx-${randomBytes(12).toString('hex')}`;
const config = loadIngestConfig({
  ...process.env,
  INGEST_PORT: '0',
  AUTH_STATIC_TOKENS: JSON.stringify([operator.entry]),
  INGEST_API_KEYS: `gdx=${GDX_KEY}`,
  USAGE_EVENTS_TOPIC: `usage.events.${run}`,
  COMPLETENESS_TOPIC: `usage.completeness.${run}`,
  VERDICTS_TOPIC: `usage.verdicts.${run}`,
  INGEST_DATABASE_SCHEMA: run,
  RAW_INTAKE_ENABLED: 'false',
  INGEST_PRODUCERS: '1',
});

const until = async (condition: () => boolean, what: string, timeoutMs = 20_000) => {
  for (const deadline = Date.now() + timeoutMs; !condition(); await new Promise((resolve) => setTimeout(resolve, 100)))
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
};

describe('POST /v1/completeness (in-process ingest, real Kafka)', () => {
  let app: NestFastifyApplication;
  let url: string;
  let tail: TopicTail | undefined;
  const ledger = new CompletenessLedger();
  let folded = 0;
  const gdx = { platform: 'gdx', metric: 'api_calls' };

  const declare = async (bearer: string | undefined, body: unknown) => {
    const response = await fetch(`${url}/v1/completeness`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    expect(documented).toContain(String(response.status));
    const json: unknown = await response.json();
    return { status: response.status, body: response.status === 200 ? CompletenessAnswerSchema.parse(json) : IngestErrorSchema.parse(json) };
  };

  beforeAll(async () => {
    app = await createIngestApp(config, false);
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
    // The topic is there once the ingest started: follow it as every reader does, folding each record at its broker timestamp.
    tail = await tailTopic(createKafka(config), config.COMPLETENESS_TOPIC, (value, message) => {
      foldCompletenessRecord(ledger, value?.toString('utf8') ?? null, Number(message.timestamp));
      folded += 1;
    });
  }, 60_000);

  afterAll(async () => {
    await tail?.stop();
    await app?.close();
    await removeIngestRun(config);
  }, 30_000);

  it('records a platform’s declarations durably on the topic, stamped when they arrived, and a repeat changes nothing', async () => {
    const before = Date.now();
    const days = ['2021-01-01', '2021-01-03', '2021-01-02'].map((day) => ({ ...gdx, day }));
    const answer = await declare(GDX_KEY, days);
    expect(answer).toMatchObject({ status: 200, body: { recorded: 3 } });
    await until(() => folded >= 3, 'the three declarations on the topic');
    expect(ledger.completeThrough(gdx, '2021-01-01', '2021-01-31')).toBe('2021-01-03');
    const declaredAt = Date.parse(ledger.declaredAt(gdx, '2021-01-02') ?? '');
    expect(declaredAt).toBeGreaterThanOrEqual(before - 1000);
    expect(declaredAt).toBeLessThanOrEqual(Date.now());

    // When the same day is declared again: the record is on the topic, the day keeps its first declaration.
    expect((await declare(GDX_KEY, [days[0]])).status).toBe(200);
    await until(() => folded >= 4, 'the repeat on the topic');
    expect(ledger.entries()).toHaveLength(3);
    expect(ledger.declaredAt(gdx, '2021-01-01')).not.toBeUndefined();
  }, 60_000);

  it('answers 400 naming each declaration at fault, and records none of the request', async () => {
    const recordedBefore = folded;
    const tomorrow = bangkokDay(Date.now() + 86_400_000);
    const answer = await declare(GDX_KEY, [
      { ...gdx, day: '2021-01-05' },
      { platform: 'gdx', metric: 'letters', day: '2021-01-05' },
      { ...gdx, day: tomorrow },
    ]);
    expect(answer).toEqual({
      status: 400,
      body: {
        error: 'invalid_declaration',
        message: 'nothing was recorded: every declaration at fault is listed',
        errors: [
          { path: '$[1].metric', rule: 'unknown_metric', message: 'the platform catalog lists no metric "letters" for platform "gdx"' },
          { path: '$[2].day', rule: 'day_in_future', message: `${tomorrow} has not begun in Bangkok (today is ${bangkokDay(Date.now())})` },
        ],
      },
    });
    expect(await declare(GDX_KEY, [{ ...gdx, day: '2021-02-30' }])).toMatchObject({ status: 400, body: { errors: [{ path: '$[0].day' }] } });
    expect(await declare(GDX_KEY, '{"not": "json"')).toMatchObject({ status: 400, body: { error: 'invalid_declaration' } });
    expect(await declare(GDX_KEY, [])).toMatchObject({ status: 400, body: { errors: [{ path: '$', rule: 'too_small' }] } });
    // A declaration it would have accepted is followed on the topic: nothing of the refused requests is there before it.
    expect((await declare(GDX_KEY, [{ ...gdx, day: '2021-01-09' }])).status).toBe(200);
    await until(() => folded > recordedBefore, 'the next accepted declaration');
    expect(folded).toBe(recordedBefore + 1);
    expect(ledger.declaredAt(gdx, '2021-01-05')).toBeUndefined();
  }, 60_000);

  it('forbids declaring for another platform (403) and refuses a caller without a platform credential', async () => {
    expect(await declare(GDX_KEY, [{ platform: 'gin', metric: 'api_calls', day: '2021-01-05' }])).toMatchObject({
      status: 403,
      body: { error: 'forbidden', errors: [{ path: '$[0].platform', rule: 'platform_not_own' }] },
    });
    expect(await declare(operator.token, [{ ...gdx, day: '2021-01-05' }])).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect(await declare(undefined, [{ ...gdx, day: '2021-01-05' }])).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
  }, 30_000);
});
