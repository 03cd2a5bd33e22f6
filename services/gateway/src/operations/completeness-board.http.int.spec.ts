import 'reflect-metadata';
import type { ClickHouseClient } from '@clickhouse/client';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { connectClickHouse, migrate, USAGE_MIGRATIONS } from '@govmetrics/clickhouse';
import { bangkokDay, type CompletenessBoard, CompletenessBoardSchema, type CompletenessDeclaration } from '@govmetrics/contracts';
import { daysBetween } from '@govmetrics/foresight';
import { completenessTopic, createKafka, ensureTopics } from '@govmetrics/kafka';
import { randomBytes } from 'node:crypto';
import { loadGatewayConfig } from '../gateway.config';
import { QuarantineModule } from '../quarantine/quarantine.module';
import { CompletenessBoardReading } from './completeness-board.reading';
import { OperationsModule } from './operations.module';

const id = randomBytes(5).toString('hex');
const env = {
  ...process.env,
  CLICKHOUSE_DATABASE: `gateway_completeness_${id}`,
  COMPLETENESS_TOPIC: `usage.completeness.ops.${id}`,
  VERDICTS_TOPIC: `usage.verdicts.ops.${id}`,
  DEAD_LETTER_TOPIC: `usage.dlq.completeness.${id}`,
  QUARANTINE_TOPIC: `usage.quarantine.completeness.${id}`,
  KAFKA_CLIENT_ID: 'completeness-board-test',
  PIPELINE_READ_INTERVAL_MS: '1000',
};
const config = loadGatewayConfig(env);
const kafka = createKafka(config);
const TOPIC_NAMES = [env.COMPLETENESS_TOPIC, env.DEAD_LETTER_TOPIC, env.QUARANTINE_TOPIC, env.VERDICTS_TOPIC];
const gdx = { platform: 'gdx', metric: 'api_calls' };

/** One projected event: `day` 10:00 in Bangkok, projected at `projectedAt` (a ClickHouse expression). */
const event = (eventId: string, platform: string, metric: string, agency: string, day: string, projectedAt: string) =>
  `('${eventId}', 'urn:dga:platform:${platform}', '${platform}', '${metric}', '${agency}', 1, '', '{}', ` +
  `toDateTime('${day} 03:00:00', 'UTC'), 0, 0, ${projectedAt})`;

describe('GET /v1/operations/completeness on real Kafka and ClickHouse', () => {
  let clickhouse: ClickHouseClient;
  let app: NestFastifyApplication;
  let base: string;
  const get = async () => {
    const response = await fetch(`${base}/v1/operations/completeness`);
    return { status: response.status, body: await response.json() };
  };
  /** The feed reads the topic from the beginning after start: the answer once it shows the agency's own declaration. */
  const settled = async (): Promise<CompletenessBoard> => {
    for (let attempt = 0; attempt < 120; attempt++) {
      const answer = CompletenessBoardSchema.parse((await get()).body);
      if (answer.statuses.some((status) => status.agency === 'moph')) return answer;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error('the completeness feed did not catch up in 30 s');
  };

  beforeAll(async () => {
    // Given gdx declared 2021-01-01 and 2021-01-04 complete for every agency and 2021-01-02 for moph,
    // on the topic beside a record that is no declaration
    await ensureTopics(kafka, [completenessTopic(env.COMPLETENESS_TOPIC)]);
    const producer = kafka.producer();
    await producer.connect();
    const declarations: CompletenessDeclaration[] = [
      { ...gdx, day: '2021-01-01' },
      { ...gdx, day: '2021-01-04' },
      { ...gdx, day: '2021-01-02', agency: 'moph' },
    ];
    await producer.send({
      topic: env.COMPLETENESS_TOPIC,
      acks: -1,
      messages: [...declarations.map((declaration) => ({ value: JSON.stringify(declaration) })), { value: 'not json' }],
    });
    await producer.disconnect();
    // And events projected before those declarations and after them (a second later: projection times are whole seconds)
    await new Promise((resolve) => setTimeout(resolve, 1500));
    clickhouse = await connectClickHouse(config);
    await migrate(clickhouse, USAGE_MIGRATIONS);
    const early = `toDateTime('2021-01-01 20:00:00', 'UTC')`;
    await clickhouse.command({
      query: `INSERT INTO usage_events VALUES
        ${event('e1', 'gdx', 'api_calls', 'moph', '2021-01-01', early)},
        ${event('e2', 'gdx', 'api_calls', 'moph', '2021-01-01', 'now()')},
        ${event('e3', 'gdx', 'api_calls', 'mof', '2021-01-02', 'now()')},
        ${event('e4', 'gdx', 'api_calls', 'moph', '2021-01-02', 'now()')},
        ${event('e5', 'gin', 'sites', 'mof', '2021-01-03', 'now()')}`,
    });

    @Module({ imports: [QuarantineModule.forRoot(config, env), OperationsModule.forRoot(config, clickhouse, env)] })
    class CompletenessTestModule {}
    app = await NestFactory.create<NestFastifyApplication>(CompletenessTestModule, new FastifyAdapter(), { logger: false });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: TOPIC_NAMES }).catch(() => undefined);
    await admin.disconnect();
    await clickhouse?.command({ query: `DROP DATABASE IF EXISTS ${config.CLICKHOUSE_DATABASE}` });
    await clickhouse?.close();
  }, 60_000);

  it('lists per platform and metric the complete-through day, the days missing up to yesterday, the newest event and the late events', async () => {
    const { statuses, readAt } = await settled();
    const yesterday = bangkokDay(Date.parse(readAt) - 86_400_000);
    const [everyAgency, moph, gin] = statuses;
    expect(statuses).toHaveLength(3);
    // Every agency: complete through the 1st; the 2nd and 3rd are gaps, then every day after the 4th is missing
    expect(everyAgency).toMatchObject({ ...gdx, agency: null, firstDeclaredDay: '2021-01-01', completeThrough: '2021-01-01' });
    expect(everyAgency?.missingDays.slice(0, 3)).toEqual(['2021-01-02', '2021-01-03', '2021-01-05']);
    expect(everyAgency?.missingDayCount).toBe(2 + daysBetween('2021-01-05', yesterday) + 1);
    // Events projected after their day was complete are late: e2 (the 1st, for every agency) and e4 (the 2nd, moph's own), not e3 (mof's 2nd)
    expect(everyAgency).toMatchObject({ lastEventTime: '2021-01-02T03:00:00.000Z', lateEvents: 2 });
    expect(moph).toMatchObject({ ...gdx, agency: 'moph', completeThrough: '2021-01-02', lateEvents: 2 });
    // A platform that never declared is listed from its events: complete through nothing, none of its events late
    expect(gin).toMatchObject({ platform: 'gin', metric: 'sites', agency: null, completeThrough: null, missingDayCount: 0, lateEvents: 0 });
    expect(Date.parse(everyAgency?.lastDeclaredAt ?? '')).toBeLessThan(Date.parse(readAt));
  }, 60_000);

  it('computes once for 20 concurrent requests, and they all answer the same reading', async () => {
    // Given a settled board and a shared reading older than the interval
    await settled();
    const reading = app.get(CompletenessBoardReading);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const before = reading.computations;
    // When 20 operators ask at once
    const answers = await Promise.all(Array.from({ length: 20 }, get));
    // Then one computation answered them all
    expect(answers.map(({ status }) => status)).toEqual(Array.from({ length: 20 }, () => 200));
    expect(new Set(answers.map(({ body }) => (body as CompletenessBoard).readAt)).size).toBe(1);
    expect(reading.computations - before).toBe(1);
  }, 60_000);

  it('answers 503 naming ClickHouse when the read model cannot be read, once the shared reading is recomputed', async () => {
    await settled();
    await clickhouse.command({ query: 'DROP TABLE usage_events' });
    let answer = await get();
    for (const deadline = Date.now() + 10_000; answer.status === 200 && Date.now() < deadline; answer = await get())
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(answer).toMatchObject({ status: 503, body: { error: 'pipeline_unavailable', source: 'clickhouse' } });
  }, 60_000);
});
