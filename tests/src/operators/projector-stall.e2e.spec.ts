import type { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseConfigSchema, connectClickHouse } from '@govmetrics/clickhouse';
import {
  eventually,
  freePort,
  generateUsage,
  PrivateClickHouse,
  projectorEnv,
  removeRunState,
  requestJson,
  runState,
  ServiceProcess,
  untilAggregated,
} from '@govmetrics/devkit';
import { createKafka, ensureTopics, KafkaConfigSchema, usageEventsTopic } from '@govmetrics/kafka';
import type { Producer } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { type ActiveAlert, shippedAlertRule, TestPrometheus } from '../monitoring/test-prometheus';

const runId = `stall_${randomBytes(5).toString('hex')}`;
const STALL_MS = 5000;
/** The health port samples offsets every STALL_MS / 3 and the process answers within its 2 s probe budget: the slack above the bound. */
const DETECTION_SLACK_MS = 10_000;
const env = projectorEnv(runId);
/** The shipped alert for a projector that stopped projecting while events wait: its expression as shipped, held 2 s instead of 5 min. */
const STALL_ALERT = 'GovmetricsFreshnessOverSlo';
const ALERT_HOLD = '2s';
const topic = env.USAGE_EVENTS_TOPIC as string;
const kafka = createKafka(KafkaConfigSchema.parse(process.env));
const [firstHalf, secondHalf] = [generateUsage(1000, 0, 11).slice(0, 500), generateUsage(1000, 0, 11).slice(500)];

describe('a projector whose ClickHouse stops answering while events arrive (a private ClickHouse paused with SIGSTOP)', () => {
  let clickhouse: PrivateClickHouse | undefined;
  let reader: ClickHouseClient | undefined;
  let projector: ServiceProcess | undefined;
  let producer: Producer | undefined;
  let prometheus: TestPrometheus | undefined;
  const readiness = async () => requestJson((projector as ServiceProcess).readinessUrl);
  const stallAlerts = async (): Promise<ActiveAlert[]> =>
    (await (prometheus as TestPrometheus).alerts()).filter(({ labels }) => labels.alertname === STALL_ALERT);
  const send = (messages: typeof firstHalf) => (producer as Producer).send({ topic, acks: -1, messages: messages.map(({ key, value }) => ({ key, value })) });

  beforeAll(async () => {
    clickhouse = await PrivateClickHouse.start();
    await ensureTopics(kafka, [usageEventsTopic(topic)]);
    const metricsPort = String(await freePort());
    projector = await ServiceProcess.spawn('projector', {
      ...env,
      CLICKHOUSE_URL: clickhouse.url,
      CONSUMER_STALL_MS: String(STALL_MS),
      METRICS_PORT: metricsPort,
      CONSUMER_LAG_INTERVAL_MS: '1000',
    });
    await projector.ready(120_000);
    prometheus = await TestPrometheus.start({ 'govmetrics-projector': `http://127.0.0.1:${metricsPort}/metrics` }, [shippedAlertRule(STALL_ALERT, ALERT_HOLD)]);
    reader = await connectClickHouse(ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_URL: clickhouse.url, CLICKHOUSE_DATABASE: runId }));
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  }, 180_000);

  afterAll(async () => {
    await clickhouse?.resume().catch(() => undefined);
    prometheus?.stop();
    await producer?.disconnect();
    await projector?.stop();
    await reader?.close();
    await clickhouse?.destroy();
    // The run's topics and consumer group; its database went with the private ClickHouse.
    const { topics, groups } = runState(runId, env);
    await removeRunState({ topics, groups });
  }, 120_000);

  it(
    'is not ready within the stall bound and fires the shipped stall alert in Prometheus, stays live, and recovers from both on its own once ' +
      'ClickHouse resumes, every event counted once',
    async () => {
      // Given a projector that keeps up, scraped by Prometheus, whose lag is 0 and so no stall alert is active
      await send(firstHalf);
      expect(await untilAggregated(reader as ClickHouseClient, 500, 60_000)).toEqual({ raw: 500, hourly: 500, daily: 500 });
      const started = Date.now();
      expect(await eventually(readiness, ({ status }) => status === 200, 60_000)).toMatchObject({ status: 200 });
      console.log(`first half projected and committed, projector ready, after ${Date.now() - started} ms`);
      const lag = 'sum(govmetrics_kafka_consumer_lag_messages{service="projector"})';
      const caughtUp = await (prometheus as TestPrometheus).eventually(lag, ([sample]) => sample?.value[1] === '0', 60_000);
      expect(caughtUp.map(({ value }) => value[1])).toEqual(['0']);
      expect(await eventually(stallAlerts, (alerts) => alerts.length === 0, 30_000)).toEqual([]);
      // (the generated events are from 2024–2025: the freshness half of the expression holds throughout, only the lag decides)
      expect(Number((await (prometheus as TestPrometheus).query('min(govmetrics_projector_freshness_seconds)'))[0]?.value[1])).toBeGreaterThan(300);

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

        // And Prometheus, evaluating the shipped expression on the projector's own metrics, fires the stall alert
        const firing = await eventually(stallAlerts, (alerts) => alerts.some(({ state }) => state === 'firing'), 60_000);
        console.log(`${STALL_ALERT} firing ${Date.now() - paused} ms after ClickHouse was paused (held ${ALERT_HOLD})`);
        expect(firing).toEqual([expect.objectContaining({ state: 'firing', labels: expect.objectContaining({ severity: 'critical' }) })]);
      } finally {
        // The pause stays short whatever happens above.
        await (clickhouse as PrivateClickHouse).resume();
      }

      // And once ClickHouse answers again the projector catches up and is ready, with no manual step
      const recovered = await eventually(readiness, ({ status }) => status === 200, 120_000);
      expect(recovered).toMatchObject({ status: 200, body: { status: 'ok' } });
      expect(await untilAggregated(reader as ClickHouseClient, 1000, 60_000)).toEqual({ raw: 1000, hourly: 1000, daily: 1000 });
      // And the alert resolves once the lag is scraped back at 0
      const resolvedAt = Date.now();
      expect(await eventually(stallAlerts, (alerts) => alerts.length === 0, 60_000)).toEqual([]);
      console.log(`${STALL_ALERT} resolved ${Date.now() - resolvedAt} ms after every event was queryable`);
    },
    300_000,
  );
});
