import type { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseConfigSchema, openUsageStore, type UsageStore } from '@govmetrics/clickhouse';
import { SqliteEventStore } from '@govmetrics/event-store-adapters';
import { createKafka, ensureTopics } from '@govmetrics/kafka';
import { Ledger, ledgerStreams } from '@govmetrics/ledger';
import { alertingInstruments, createMetricsRegistry } from '@govmetrics/metrics';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlertEvaluator } from './alert-evaluator';
import { ProjectionReading } from './projection-reading';

const id = randomBytes(5).toString('hex');
const [topic, groupId] = [`usage.events.alerting_${id}`, `projector-alerting-${id}`];
const kafka = createKafka({ KAFKA_BROKERS: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), KAFKA_CLIENT_ID: 'projection-reading-spec' });
const config = ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: `alerting_${id}` });
const rule = {
  ruleId: 'tangrat-silent',
  name: 'Tang Rat silent for a week',
  severity: 'critical' as const,
  condition: { kind: 'platform-silent' as const, platform: 'tangrat', hours: 7 * 24 },
};

/** An event as the projector folds it from `partition` at `offset`. */
const folded = (platform: string, time: string, partition: number, offset: number) => ({
  event_id: `${platform}-${partition}-${offset}`,
  source: `urn:${platform}`,
  platform,
  metric: 'transactions',
  agency: 'dga',
  value: 1,
  entity: '',
  dimensions: '{}',
  event_time: Date.parse(time) / 1000,
  kafka_partition: partition,
  kafka_offset: offset,
  projected_at: Math.floor(Date.now() / 1000),
});

describe(`${ProjectionReading.name} and the platform-silent rule on real Kafka offsets and ClickHouse rows`, () => {
  const admin = kafka.admin();
  let usage: UsageStore;
  let clickhouse: ClickHouseClient;
  let folder: string;
  let store: SqliteEventStore;

  beforeAll(async () => {
    await admin.connect();
    await ensureTopics(kafka, [{ topic, partitions: 2 }]);
    usage = await openUsageStore(config);
    clickhouse = usage.reader;
    folder = mkdtempSync(join(tmpdir(), 'projection-reading-'));
    store = await SqliteEventStore.open({ filename: join(folder, 'ledger.db') });
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    rmSync(folder, { recursive: true, force: true });
    await clickhouse?.command({ query: `DROP DATABASE IF EXISTS ${config.CLICKHOUSE_DATABASE}` });
    await usage?.close();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  const fold = (rows: ReturnType<typeof folded>[]) => clickhouse.insert({ table: 'usage_events', values: rows, format: 'JSONEachRow' });
  const commit = (offsets: Record<number, number>) =>
    admin.setOffsets({
      groupId,
      topic,
      partitions: Object.entries(offsets).map(([partition, offset]) => ({ partition: Number(partition), offset: String(offset) })),
    });

  it("defers while Tang Rat's partition trails the others, then fires naming its real last event once the projector caught up", async () => {
    // Given the log: partition 0 holds GDX's 12-31 and a Tang Rat event, partition 1 Tang Rat's last three days and GDX's 12-30
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [0, 1].map((i) => ({ partition: 0, value: `p0-${i}` })) });
    await producer.send({ topic, messages: [0, 1, 2].map((i) => ({ partition: 1, value: `p1-${i}` })) });
    await producer.disconnect();
    const ledger = new Ledger(store);
    await ledger.record(
      ledgerStreams.alertRule(rule.ruleId),
      { type: 'AlertRuleDefined', data: { ...rule, effective: '2020-10-01' } },
      { who: 'steward', why: 'daily' },
      'no_stream',
    );
    const registry = createMetricsRegistry('scoring');
    const instruments = alertingInstruments(registry);
    const reading = new ProjectionReading(kafka, clickhouse, { groupId, topic }, () => undefined);
    const evaluator = new AlertEvaluator({
      ledger,
      projection: () => reading.read(),
      // No forecast rule is in force: never asked.
      forecasts: () => Promise.reject(new Error('no forecast rule is in force')),
      clock: 'data',
      actor: 'spec',
      log: () => undefined,
      instruments,
    });
    try {
      // When the projector has folded all of partition 0 but only the first record of partition 1 (Tang Rat's 11-28)
      await fold([
        folded('gdx', '2020-12-31T10:00:00Z', 0, 0),
        folded('tangrat', '2020-11-20T05:00:00Z', 0, 1),
        folded('tangrat', '2020-11-28T05:00:00Z', 1, 0),
      ]);
      await commit({ 0: 2, 1: 1 });

      // Then the reading shows partition 1 waiting, and the rule is deferred, not fired at 11-28
      expect((await reading.read()).projector).toEqual([
        { partition: 0, lag: 0, newestFolded: '2020-12-31T10:00:00.000Z' },
        { partition: 1, lag: 2, newestFolded: '2020-11-28T05:00:00.000Z' },
      ]);
      expect(await evaluator.evaluate()).toEqual([]);
      expect((await instruments.deferred.get()).values[0]?.value).toBe(1);

      // When it folds the rest of partition 1 (Tang Rat's 11-30, GDX's 12-30)
      await fold([folded('tangrat', '2020-11-30T05:00:00Z', 1, 1), folded('gdx', '2020-12-30T10:00:00Z', 1, 2)]);
      await commit({ 1: 3 });

      // Then the rule fires, naming Tang Rat's real last event, 31 days before what the projector has folded up to
      const [fired] = await evaluator.evaluate();
      expect(fired?.data).toMatchObject({
        alertId: 'tangrat-silent#1',
        observed: { newestEvent: '2020-11-30T05:00:00.000Z', watermark: '2020-12-31T10:00:00.000Z', hoursBehind: 749 },
      });
      expect((await instruments.deferred.get()).values[0]?.value).toBe(0);
      expect((await instruments.evaluations.get()).values).toEqual([expect.objectContaining({ labels: { result: 'ok' }, value: 2 })]);
    } finally {
      await reading.close();
    }
  }, 60_000);
});
