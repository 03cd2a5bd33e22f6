import type { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseConfigSchema, connectClickHouse } from '@govmetrics/clickhouse';
import { eventually, generateUsage, PrivateClickHouse, projectorEnv, requestJson, ServiceProcess, untilAggregated } from '@govmetrics/devkit';
import { createKafka, ensureTopics, KafkaConfigSchema, usageEventsTopic } from '@govmetrics/kafka';
import type { Producer } from 'kafkajs';
import { randomBytes } from 'node:crypto';

const runId = `stall_${randomBytes(5).toString('hex')}`;
const STALL_MS = 5000;
/** The health port samples offsets every STALL_MS / 3 and the process answers within its 2 s probe budget: the slack above the bound. */
const DETECTION_SLACK_MS = 10_000;
const env = projectorEnv(runId);
const topic = env.USAGE_EVENTS_TOPIC as string;
const kafka = createKafka(KafkaConfigSchema.parse(process.env));
const [firstHalf, secondHalf] = [generateUsage(1000, 0, 11).slice(0, 500), generateUsage(1000, 0, 11).slice(500)];

describe('a projector whose ClickHouse stops answering while events arrive (a private ClickHouse paused with SIGSTOP)', () => {
  let clickhouse: PrivateClickHouse | undefined;
  let reader: ClickHouseClient | undefined;
  let projector: ServiceProcess | undefined;
  let producer: Producer | undefined;
  const readiness = async () => requestJson((projector as ServiceProcess).readinessUrl);
  const send = (messages: typeof firstHalf) => (producer as Producer).send({ topic, acks: -1, messages: messages.map(({ key, value }) => ({ key, value })) });

  beforeAll(async () => {
    clickhouse = await PrivateClickHouse.start();
    await ensureTopics(kafka, [usageEventsTopic(topic)]);
    projector = await ServiceProcess.spawn('projector', { ...env, CLICKHOUSE_URL: clickhouse.url, CONSUMER_STALL_MS: String(STALL_MS) });
    await projector.ready(120_000);
    reader = await connectClickHouse(ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_URL: clickhouse.url, CLICKHOUSE_DATABASE: runId }));
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  }, 180_000);

  afterAll(async () => {
    await clickhouse?.resume().catch(() => undefined);
    await producer?.disconnect();
    await projector?.stop();
    await reader?.close();
    await clickhouse?.destroy();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic, env.AGGREGATES_CHANGED_TOPIC as string, env.QUARANTINE_TOPIC as string] }).catch(() => undefined);
    await admin.disconnect();
  }, 120_000);

  it('is not ready within the stall bound, stays live, and is ready again on its own once ClickHouse resumes, every event counted once', async () => {
    // Given a projector that keeps up
    await send(firstHalf);
    expect(await untilAggregated(reader as ClickHouseClient, 500, 60_000)).toEqual({ raw: 500, hourly: 500, daily: 500 });
    const started = Date.now();
    expect(await eventually(readiness, ({ status }) => status === 200, 60_000)).toMatchObject({ status: 200 });
    console.log(`first half projected and committed, projector ready, after ${Date.now() - started} ms`);

    // When ClickHouse stops answering while more events arrive
    await (clickhouse as PrivateClickHouse).pause();
    const paused = Date.now();
    try {
      await send(secondHalf);
      const stalled = await eventually(readiness, ({ status }) => status === 503, STALL_MS + DETECTION_SLACK_MS);
      const detectedAfterMs = Date.now() - paused;
      console.log(`readiness false ${detectedAfterMs} ms after ClickHouse was paused (bound ${STALL_MS} ms)`);

      // Then readiness turns false within the bound (counted from the last sample that saw the partition idle) plus sampling,
      // naming the stalled partitions, while liveness holds
      expect(stalled.status).toBe(503);
      expect(stalled.body).toMatchObject({ status: 'unready', reason: expect.stringMatching(/^stalled: .*usage\.events\.stall_/) });
      expect(detectedAfterMs).toBeLessThan(STALL_MS + DETECTION_SLACK_MS);
      expect((await requestJson((projector as ServiceProcess).readinessUrl.replace('/ready', '/live'))).status).toBe(200);
    } finally {
      // The pause stays short whatever happens above.
      await (clickhouse as PrivateClickHouse).resume();
    }

    // And once ClickHouse answers again the projector catches up and is ready, with no manual step
    const recovered = await eventually(readiness, ({ status }) => status === 200, 120_000);
    expect(recovered).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await untilAggregated(reader as ClickHouseClient, 1000, 60_000)).toEqual({ raw: 1000, hourly: 1000, daily: 1000 });
  }, 300_000);
});
