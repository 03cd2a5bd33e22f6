import 'reflect-metadata';
import type { ClickHouseClient } from '@clickhouse/client';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { issueStaticToken } from '@govmetrics/auth';
import { connectClickHouse } from '@govmetrics/clickhouse';
import { type DeadLetterAnswer, DeadLetterAnswerSchema } from '@govmetrics/contracts';
import { openCredentials } from '@govmetrics/credentials';
import { createKafka, deadLetter, ensureTopics } from '@govmetrics/kafka';
import { randomBytes } from 'node:crypto';
import { accessGuardProvider } from '../auth/access-guard.provider';
import { GATEWAY_CONFIG, KEPT_CREDENTIALS, loadGatewayConfig } from '../gateway.config';
import { QuarantineModule } from '../quarantine/quarantine.module';
import { OperationsModule } from './operations.module';

const id = randomBytes(5).toString('hex');
const operator = issueStaticToken({ subject: 'ops', roles: ['operator'] });
const gdx = issueStaticToken({ subject: 'gdx-team', roles: ['platform'], platform: 'gdx' });
const auditor = issueStaticToken({ subject: 'audit', roles: ['auditor'] });
const env = {
  ...process.env,
  DEAD_LETTER_TOPIC: `usage.dlq.read.${id}`,
  QUARANTINE_TOPIC: `usage.quarantine.read.${id}`,
  // The operations module also follows the accepted events (verdict rates): a topic of the spec's own, not the shared one.
  USAGE_EVENTS_TOPIC: `usage.events.read.${id}`,
  COMPLETENESS_TOPIC: `usage.completeness.read.${id}`,
  VERDICTS_TOPIC: `usage.verdicts.read.${id}`,
  DEAD_LETTERS_KEPT_PER_PLATFORM: '2',
  AUTH_STATIC_TOKENS: JSON.stringify([operator.entry, gdx.entry, auditor.entry]),
  KAFKA_CLIENT_ID: 'dead-letters-test',
};
const config = loadGatewayConfig(env);
// The access guard also believes admin-issued tokens; this spec's tokens are configured ones, so the store is never read.
const credentials = openCredentials(config);
const kafka = createKafka(config);

/** A raw record as a platform sent it, refused by the validator for `rule`, as the validator dead-letters it. */
const refused = (offset: number, platform: string | null, rule: string) => {
  const value = platform === null ? 'not json' : JSON.stringify({ id: `e${offset}`, source: `urn:dga:platform:${platform}`, data: { platform } });
  const original = { key: null, value: Buffer.from(value), offset: String(offset), timestamp: String(Date.now()), attributes: 0, headers: {} };
  return deadLetter(original, { topic: 'usage.raw.v1', partition: 0 }, [{ path: '$', rule, message: rule }]);
};

describe('GET /v1/dead-letters on real Kafka, through the access guard', () => {
  const admin = kafka.admin();
  let clickhouse: ClickHouseClient;
  let app: NestFastifyApplication;
  let base: string;

  const get = async (token: string | undefined, query = '') => {
    const response = await fetch(`${base}/v1/dead-letters${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  /** The feed reads the topic from the beginning after start: the operator's answer once it has caught up. */
  const settled = async (): Promise<DeadLetterAnswer> => {
    for (let attempt = 0; attempt < 120; attempt++) {
      const answer = DeadLetterAnswerSchema.parse((await get(operator.token)).body);
      if (answer.total === 5) return answer;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error('the dead-letter feed did not catch up in 30 s');
  };

  beforeAll(async () => {
    // Given 3 dead letters of gdx, 1 of mailgothai and 1 naming no platform, written in a transaction as the validator does
    await admin.connect();
    await ensureTopics(kafka, [
      { topic: env.DEAD_LETTER_TOPIC, partitions: 1 },
      { topic: env.QUARANTINE_TOPIC, partitions: 1 },
      { topic: env.USAGE_EVENTS_TOPIC, partitions: 1 },
    ]);
    const producer = kafka.producer({ transactionalId: `dead-letters-test-${id}`, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const transaction = await producer.transaction();
    const letters = [refused(1, 'gdx', 'unknown_metric'), refused(2, 'mailgothai', 'pii_in_clear'), refused(3, 'gdx', 'unknown_metric')];
    await transaction.send({
      topic: env.DEAD_LETTER_TOPIC,
      messages: [...letters, refused(4, null, 'invalid_json'), refused(5, 'gdx', 'value_out_of_bounds')],
    });
    await transaction.commit();
    await producer.disconnect();
    clickhouse = await connectClickHouse(config);
    @Module({
      imports: [QuarantineModule.forRoot(config, env), OperationsModule.forRoot(config, clickhouse, env)],
      providers: [{ provide: GATEWAY_CONFIG, useValue: config }, { provide: KEPT_CREDENTIALS, useValue: credentials.cached }, accessGuardProvider],
    })
    class DeadLettersTestModule {}
    app = await NestFactory.create<NestFastifyApplication>(DeadLettersTestModule, new FastifyAdapter(), { logger: false });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await credentials.source.close();
    await admin
      .deleteTopics({ topics: [env.DEAD_LETTER_TOPIC, env.QUARANTINE_TOPIC, env.USAGE_EVENTS_TOPIC, env.COMPLETENESS_TOPIC, env.VERDICTS_TOPIC] })
      .catch(() => undefined);
    await admin.disconnect();
    await clickhouse?.close();
  }, 60_000);

  it('shows an operator every platform: all counted, each platform’s newest 2 kept, newest first', async () => {
    const answer = await settled();
    expect(answer).toMatchObject({ total: 5, counts: { unknown_metric: 2, pii_in_clear: 1, invalid_json: 1, value_out_of_bounds: 1 }, keptPerPlatform: 2 });
    expect(answer.entries.map((entry) => [entry.source.offset, entry.platform])).toEqual([
      ['5', 'gdx'],
      ['4', null],
      ['3', 'gdx'],
      ['2', 'mailgothai'],
    ]);
    expect(DeadLetterAnswerSchema.parse((await get(operator.token, '?platform=mailgothai')).body)).toMatchObject({
      total: 1,
      entries: [{ rule: 'pii_in_clear' }],
    });
  }, 60_000);

  it('shows a platform its own dead letters only, with every rule they broke', async () => {
    await settled();
    const { status, body } = await get(gdx.token, '?platform=gdx');
    expect(status).toBe(200);
    const answer = DeadLetterAnswerSchema.parse(body);
    expect(answer).toMatchObject({ total: 3, counts: { unknown_metric: 2, value_out_of_bounds: 1 } });
    expect(answer.entries.map((entry) => [entry.platform, entry.event?.id, entry.rejections[0]?.rule])).toEqual([
      ['gdx', 'e5', 'value_out_of_bounds'],
      ['gdx', 'e3', 'unknown_metric'],
    ]);
  }, 60_000);

  it("refuses a platform asking for another platform's dead letters, or for everyone's", async () => {
    expect(await get(gdx.token, '?platform=mailgothai')).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect(await get(gdx.token)).toMatchObject({ status: 403, body: { error: 'forbidden' } });
  }, 30_000);

  it('refuses other roles and no token, and a page over the limit naming it', async () => {
    expect((await get(undefined)).status).toBe(401);
    expect((await get(auditor.token)).status).toBe(403);
    expect(await get(operator.token, '?limit=1001')).toMatchObject({ status: 400, body: { error: 'invalid_query', errors: [{ path: '$.limit' }] } });
  }, 30_000);
});
