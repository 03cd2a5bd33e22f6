import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { USAGE_EVENT_TYPE, VerdictSummarySchema } from '@govmetrics/contracts';
import { readCommitted } from '@govmetrics/kafka/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { createIngestApp } from '../ingest.app';
import { loadIngestConfig } from '../ingest.config';
import { removeIngestRun } from '../edge/ingest-run.testing';

const run = `ingest_refused_${randomBytes(5).toString('hex')}`;
const KEY = `gdx-${randomBytes(12).toString('hex')}`;
const MAX_BATCH_BYTES = 64 * 1024;
const config = loadIngestConfig({
  ...process.env,
  INGEST_PORT: '0',
  INGEST_API_KEYS: `gdx=${KEY}`,
  USAGE_EVENTS_TOPIC: `usage.events.${run}`,
  COMPLETENESS_TOPIC: `usage.completeness.${run}`,
  VERDICTS_TOPIC: `usage.verdicts.${run}`,
  INGEST_DATABASE_SCHEMA: run,
  MAX_BATCH_BYTES: String(MAX_BATCH_BYTES),
  RAW_INTAKE_ENABLED: 'false',
  INGEST_PRODUCERS: '1',
});

const event = (agency: string) => ({
  specversion: '1.0',
  id: randomUUID(),
  source: 'urn:dga:platform:gdx',
  type: USAGE_EVENT_TYPE,
  time: '2021-03-01T10:00:00+07:00',
  data: { platform: 'gdx', metric: 'api_calls', agency, value: 1 },
});

describe('batches POST /v1/events refuses whole (in-process ingest, real Kafka and PostgreSQL)', () => {
  let app: NestFastifyApplication;
  let url: string;
  const post = async (body: string, authorization?: string) => {
    const response = await fetch(`${url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body,
    });
    return { status: response.status, body: (await response.json()) as { error?: string } };
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

  it("publishes a verdict summary naming the rule for an authenticated platform's 413 and 400, and none for a 401", async () => {
    // Given a batch over the byte limit, sent first without a key, then with GDX's; and then a body that is not JSON
    const tooLarge = JSON.stringify(Array.from({ length: 400 }, (_, i) => event(`agency-${i}-${'x'.repeat(100)}`)));
    expect(tooLarge.length).toBeGreaterThan(MAX_BATCH_BYTES);

    // When the ingest answers them
    expect(await post(tooLarge)).toMatchObject({ status: 401 });
    expect(await post(tooLarge, `Bearer ${KEY}`)).toMatchObject({ status: 413, body: { error: 'batch_too_large' } });
    expect(await post('[{"specversion": ', `Bearer ${KEY}`)).toMatchObject({ status: 400, body: { error: 'invalid_batch' } });

    // Then the verdicts topic holds one summary per refusal after authentication, each counting no event
    const summaries = (await readCommitted(config.KAFKA_BROKERS, config.VERDICTS_TOPIC, { atLeast: 2, quietMs: 3000 })).map((message) => ({
      key: String(message.key),
      ...VerdictSummarySchema.parse(JSON.parse(String(message.value))),
    }));
    const refused = (rule: string) => ({ key: 'gdx', platform: 'gdx', at: expect.any(String), accepted: 0, duplicates: 0, rejected: {}, refusedBatch: rule });
    // (each summary is sent beside its answer, not before it, so the two may reach the topic in either order)
    const byRule = [...summaries].sort((a, b) => String(a.refusedBatch).localeCompare(String(b.refusedBatch)));
    expect(byRule).toEqual([refused('batch_too_large'), refused('invalid_batch')]);
  }, 60_000);
});
