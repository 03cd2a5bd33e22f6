import 'reflect-metadata';
import type { ClickHouseClient } from '@clickhouse/client';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { connectClickHouse, migrate, USAGE_MIGRATIONS } from '@govmetrics/clickhouse';
import {
  DLQ_HEADERS,
  type PipelineHealthAnswer,
  PipelineHealthAnswerSchema,
  QUARANTINE_HEADERS,
  USAGE_EVENT_TYPE,
  type UsageEvent,
  type VerdictSummary,
  verdictSummaryKey,
} from '@govmetrics/contracts';
import { summarizeVerdicts } from '@govmetrics/ingestion';
import { createKafka, ensureTopics, JsonMessagePublisher, UsageEventPublisher } from '@govmetrics/kafka';
import { randomBytes } from 'node:crypto';
import { loadGatewayConfig } from '../gateway.config';
import { QuarantineModule } from '../quarantine/quarantine.module';
import { OperationsModule } from './operations.module';
import { PipelineHealthReading } from './pipeline-health.reading';

const id = randomBytes(5).toString('hex');
const env = {
  ...process.env,
  CLICKHOUSE_DATABASE: `gateway_operations_${id}`,
  USAGE_EVENTS_TOPIC: `usage.events.ops.${id}`,
  AGGREGATES_CHANGED_TOPIC: `usage.aggregates.changed.ops.${id}`,
  DEAD_LETTER_TOPIC: `usage.dlq.ops.${id}`,
  QUARANTINE_TOPIC: `usage.quarantine.ops.${id}`,
  COMPLETENESS_TOPIC: `usage.completeness.ops.${id}`,
  VERDICTS_TOPIC: `usage.verdicts.ops.${id}`,
  PROJECTOR_GROUP_ID: `projector-ops-${id}`,
  SCORING_GROUP_ID: `scoring-ops-${id}`,
  KAFKA_CLIENT_ID: 'pipeline-health-test',
  PIPELINE_READ_INTERVAL_MS: '1000',
};
const config = loadGatewayConfig(env);
const kafka = createKafka(config);
const TOPIC_NAMES = [
  env.USAGE_EVENTS_TOPIC,
  env.AGGREGATES_CHANGED_TOPIC,
  env.DEAD_LETTER_TOPIC,
  env.QUARANTINE_TOPIC,
  env.COMPLETENESS_TOPIC,
  env.VERDICTS_TOPIC,
];
const NEWEST_EVENT = '2026-11-28T17:00:00.000Z';

/** What the HTTP ingest writes for a batch it refused whole once the platform's key passed (services/ingest's batch-refusal-summary). */
const batchRefusalSummaryOf = (platform: string, refusedBatch: 'invalid_batch' | 'batch_too_large'): VerdictSummary => ({
  platform,
  at: new Date().toISOString(),
  accepted: 0,
  duplicates: 0,
  rejected: {},
  refusedBatch,
});

describe('GET /v1/operations/pipeline on real Kafka and ClickHouse', () => {
  const admin = kafka.admin();
  let clickhouse: ClickHouseClient;
  let app: NestFastifyApplication;
  let base: string;
  const get = async () => {
    const response = await fetch(`${base}/v1/operations/pipeline`);
    return { status: response.status, body: await response.json() };
  };
  /** The answer once `ready` holds of it: the feeds follow their topics, and the answer is recomputed once a second. */
  const answerWhen = async (ready: (answer: PipelineHealthAnswer) => boolean, what: string): Promise<PipelineHealthAnswer> => {
    for (let attempt = 0; attempt < 120; attempt++) {
      const answer = PipelineHealthAnswerSchema.parse((await get()).body);
      if (ready(answer)) return answer;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`${what} in 30 s`);
  };
  const settled = () =>
    answerWhen((answer) => answer.intake.deadLetters.total === 3 && answer.quarantine.total === 1, 'the dead-letter and quarantine feeds did not catch up');
  const sum = (counts: number[]) => counts.reduce((total, count) => total + count, 0);

  beforeAll(async () => {
    // Given two events in the read model, the newest at NEWEST_EVENT, both written by the projector just now
    clickhouse = await connectClickHouse(config);
    await migrate(clickhouse, USAGE_MIGRATIONS);
    await clickhouse.command({
      query: `INSERT INTO usage_events VALUES
        ('e1', 'urn:dga:platform:gdx', 'gdx', 'api_calls', 'moph', 1, '', '{}', toDateTime('2026-11-28 09:00:00', 'UTC'), 0, 0, now()),
        ('e2', 'urn:dga:platform:gdx', 'gdx', 'api_calls', 'moph', 2, '', '{}', toDateTime('2026-11-28 17:00:00', 'UTC'), 0, 1, now())`,
    });
    // and 5 + 3 records on the events topic of which the projector committed 2 of partition 0, 1 unread announcement,
    // 3 dead letters (2 for pii_in_clear) and 1 quarantined record
    await admin.connect();
    await ensureTopics(kafka, [
      { topic: env.USAGE_EVENTS_TOPIC, partitions: 2 },
      { topic: env.AGGREGATES_CHANGED_TOPIC, partitions: 1 },
      { topic: env.DEAD_LETTER_TOPIC, partitions: 1 },
      { topic: env.QUARANTINE_TOPIC, partitions: 1 },
    ]);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: env.USAGE_EVENTS_TOPIC, messages: [0, 1, 2, 3, 4].map((i) => ({ partition: 0, value: `p0-${i}` })) });
    await producer.send({ topic: env.USAGE_EVENTS_TOPIC, messages: [0, 1, 2].map((i) => ({ partition: 1, value: `p1-${i}` })) });
    await producer.send({ topic: env.AGGREGATES_CHANGED_TOPIC, messages: [{ value: '{}' }] });
    const rules = ['pii_in_clear', 'pii_in_clear', 'invalid_json'];
    // in one transaction, as the validator writes them: its commit marker takes an offset too
    const transactional = kafka.producer({ transactionalId: `ops-test-${id}`, idempotent: true, maxInFlightRequests: 1 });
    await transactional.connect();
    const transaction = await transactional.transaction();
    await transaction.send({ topic: env.DEAD_LETTER_TOPIC, messages: rules.map((rule) => ({ value: 'x', headers: { [DLQ_HEADERS.rule]: rule } })) });
    await transaction.commit();
    await transactional.disconnect();
    await producer.send({ topic: env.QUARANTINE_TOPIC, messages: [{ value: 'y', headers: { [QUARANTINE_HEADERS.reason]: 'invalid_json' } }] });
    await producer.disconnect();
    await admin.setOffsets({ groupId: env.PROJECTOR_GROUP_ID, topic: env.USAGE_EVENTS_TOPIC, partitions: [{ partition: 0, offset: '2' }] });

    @Module({ imports: [QuarantineModule.forRoot(config, env), OperationsModule.forRoot(config, clickhouse, env)] })
    class OperationsTestModule {}
    app = await NestFactory.create<NestFastifyApplication>(OperationsTestModule, new FastifyAdapter(), { logger: false });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await admin.deleteGroups([env.PROJECTOR_GROUP_ID]).catch(() => undefined);
    await admin.deleteTopics({ topics: TOPIC_NAMES }).catch(() => undefined);
    await admin.disconnect();
    await clickhouse?.command({ query: `DROP DATABASE IF EXISTS ${config.CLICKHOUSE_DATABASE}` });
    await clickhouse?.close();
  }, 60_000);

  it("answers each partition's lag of the projector and the scoring service from the broker, the whole partition while a group committed nothing", async () => {
    const { lag } = await settled();
    expect(lag).toEqual([
      { consumer: 'projector', group: env.PROJECTOR_GROUP_ID, topic: env.USAGE_EVENTS_TOPIC, partition: 0, lag: 3 },
      { consumer: 'projector', group: env.PROJECTOR_GROUP_ID, topic: env.USAGE_EVENTS_TOPIC, partition: 1, lag: 3 },
      { consumer: 'scoring', group: env.SCORING_GROUP_ID, topic: env.AGGREGATES_CHANGED_TOPIC, partition: 0, lag: 1 },
    ]);
  }, 60_000);

  it('answers freshness as the read time minus the newest event time, and the events the projector wrote lately', async () => {
    const answer = await settled();
    expect(answer.freshness.newestEventTime).toBe(NEWEST_EVENT);
    expect(answer.freshness.seconds).toBe(Math.round((Date.parse(answer.readAt) - Date.parse(NEWEST_EVENT)) / 1000));
    expect(Date.parse(answer.readAt) - Date.parse(answer.freshness.newestProjectedAt ?? '')).toBeLessThan(120_000);
    expect(answer.intake).toMatchObject({ projectedEvents: 2, recentWindowSeconds: 300, projectedRecently: 2 });
  }, 60_000);

  it('counts dead letters per first rule broken and quarantined records per reason, records not offsets', async () => {
    const answer = await settled();
    expect(answer.intake.deadLetters).toEqual({ total: 3, counts: { pii_in_clear: 2, invalid_json: 1 } });
    expect(answer.quarantine).toEqual({ total: 1, counts: { invalid_json: 1 } });
  }, 60_000);

  it('counts verdicts per platform and minute: events accepted after the start by their key, dead letters at their time', async () => {
    // Given the 3 dead letters above (whose values name no platform), when 3 gdx events and 1 mailgothai event are accepted now
    const producer = kafka.producer();
    await producer.connect();
    const keys = ['gdx:moph', 'gdx:mof', 'gdx:moph', 'mailgothai:moph'];
    await producer.send({ topic: env.USAGE_EVENTS_TOPIC, messages: keys.map((key) => ({ key, value: '{}' })) });
    await producer.disconnect();
    // Then the rates count them in the window's minutes (the 8 records written before the gateway started are not counted)
    const totals = (answer: PipelineHealthAnswer) =>
      answer.verdicts.platforms.map(({ platform, accepted, rejected }) => [platform, sum(accepted), sum(rejected)]);
    const expected = [
      ['gdx', 3, 0],
      ['mailgothai', 1, 0],
      [null, 0, 3],
    ];
    const answer = await answerWhen((candidate) => JSON.stringify(totals(candidate)) === JSON.stringify(expected), 'the verdicts did not show');
    expect(totals(answer)).toEqual(expected);
    expect(answer.verdicts.platforms.every(({ accepted, rejected }) => accepted.length === 15 && rejected.length === 15)).toBe(true);
    expect(answer.verdicts.intervalSeconds).toBe(60);
    // the current minute is the last
    expect(Date.parse(answer.readAt) - Date.parse(answer.verdicts.from)).toBeGreaterThanOrEqual(14 * 60_000);
    expect(Date.parse(answer.readAt) - Date.parse(answer.verdicts.from)).toBeLessThan(15 * 60_000);
  }, 60_000);

  it('counts an HTTP batch’s rejections and duplicates from its summary, its acceptances once, from the events topic', async () => {
    // Given the verdicts above, when the ingest's publisher commits an HTTP batch of gdx: 3 accepted, 1 duplicate, 2 rejected
    const event = (n: number): UsageEvent => ({
      specversion: '1.0',
      id: `http-${n}`,
      source: 'urn:dga:platform:gdx',
      type: USAGE_EVENT_TYPE,
      time: '2026-11-28T10:00:00+07:00',
      data: { platform: 'gdx', metric: 'api_calls', agency: 'moph', value: 1 },
    });
    const accepted = [0, 1, 2].map((index) => ({ index, status: 'accepted' as const }));
    const refused = ['undeclared_metric', 'pii_in_clear'].map((rule, n) => ({
      index: 4 + n,
      status: 'rejected' as const,
      errors: [{ path: '$', rule, message: rule }],
    }));
    const summary = summarizeVerdicts('gdx', [...accepted, { index: 3, status: 'duplicate' }, ...refused], new Date());
    const publisher = new UsageEventPublisher(kafka, {
      topic: env.USAGE_EVENTS_TOPIC,
      verdictsTopic: env.VERDICTS_TOPIC,
      transactionalIdPrefix: `ops-verdicts-${id}`,
      poolSize: 1,
    });
    await publisher.publish([0, 1, 2].map(event), summary);
    await publisher.disconnect();
    // Then gdx has 3 more acceptances (6), 1 duplicate and 2 rejections; the summary's own `accepted` is not counted again
    const totals = (answer: PipelineHealthAnswer) =>
      answer.verdicts.platforms.map(({ platform, accepted, duplicates, rejected }) => [platform, sum(accepted), sum(duplicates), sum(rejected)]);
    const expected = [
      ['gdx', 6, 1, 2],
      ['mailgothai', 1, 0, 0],
      [null, 0, 0, 3],
    ];
    const answer = await answerWhen((candidate) => JSON.stringify(totals(candidate)) === JSON.stringify(expected), 'the batch’s verdicts did not show');
    expect(totals(answer)).toEqual(expected);
  }, 60_000);

  it('counts a batch the HTTP ingest refused whole as one refused batch of its platform, naming the rule, and no event', async () => {
    // Given the verdicts above, when the ingest summarises a 413 of gdx's (as it does once the platform's key passed)
    const publisher = new JsonMessagePublisher<VerdictSummary>(kafka, env.VERDICTS_TOPIC, verdictSummaryKey);
    await publisher.connect();
    const refused = batchRefusalSummaryOf('gdx', 'batch_too_large');
    await publisher.publish(refused);
    await publisher.disconnect();
    // Then gdx shows one refused batch in the window, named batch_too_large, in the minute it was judged; its event counts do not move
    const answer = await answerWhen(
      (candidate) => candidate.verdicts.platforms.some(({ platform, refusedBatches }) => platform === 'gdx' && sum(refusedBatches) === 1),
      'the refused batch did not show',
    );
    const gdx = answer.verdicts.platforms.find(({ platform }) => platform === 'gdx');
    expect(gdx).toMatchObject({ refusedBatchRules: { batch_too_large: 1 } });
    expect([sum(gdx!.accepted), sum(gdx!.duplicates), sum(gdx!.rejected)]).toEqual([6, 1, 2]);
    // (the shared reading may be computed after the minute turned, so the judged minute is found from the window's start)
    const judgedMinute = Math.floor((Date.parse(refused.at) - Date.parse(answer.verdicts.from)) / (answer.verdicts.intervalSeconds * 1000));
    expect(gdx!.refusedBatches[judgedMinute]).toBe(1);
  }, 60_000);

  it('computes once for 20 concurrent requests, and they all answer the same reading', async () => {
    const reading = app.get(PipelineHealthReading);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const before = reading.computations;
    const answers = await Promise.all(Array.from({ length: 20 }, get));
    expect(answers.map(({ status }) => status)).toEqual(Array.from({ length: 20 }, () => 200));
    expect(new Set(answers.map(({ body }) => (body as PipelineHealthAnswer).readAt)).size).toBe(1);
    expect(reading.computations - before).toBe(1);
  }, 60_000);

  it('answers 503 naming ClickHouse when the read model cannot be read, once the shared reading is recomputed', async () => {
    await clickhouse.command({ query: 'DROP TABLE usage_events' });
    let answer = await get();
    for (const deadline = Date.now() + 10_000; answer.status === 200 && Date.now() < deadline; answer = await get())
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ error: 'pipeline_unavailable', source: 'clickhouse' });
  }, 60_000);
});
