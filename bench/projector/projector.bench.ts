/**
 * One run, four figures, on whatever machine runs it:
 *  1. projector throughput: a topic pre-filled with N events, Kafka → usage_events + aggregates queryable;
 *  2. the same topic consumed by ClickHouse's own Kafka table engine into the same tables (baseline);
 *  3. kafkajs alone: the same topic read through eachBatch with the projector's fetch settings, into nothing
 *     (the ceiling the client puts on the projector);
 *  4. event-to-queryable latency (p50/p99) of the projector at a fixed input rate, for a live stream (each event's time
 *     is when it is sent, so a fold touches the current month) and for a backfill (times spread over two years, so a
 *     fold writes a part into each month it touches, in three tables).
 * Run: node -r @swc-node/register bench/projector/projector.bench.ts   (BENCH_EVENTS, BENCH_RATE, BENCH_SECONDS)
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseConfigSchema, connectClickHouse, migrate, USAGE_MIGRATIONS } from '@govmetrics/clickhouse';
import { generateUsage, projectorEnv, ServiceProcess } from '@govmetrics/devkit';
import { createKafka, ensureTopics, KafkaConfigSchema } from '@govmetrics/kafka';
import { randomBytes } from 'node:crypto';
import { loadProjectorConfig } from '../../services/projector/src/projector.config';

const N = Number(process.env.BENCH_EVENTS ?? 200_000);
const RATE = Number(process.env.BENCH_RATE ?? 2000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const PARTITIONS = 6;
const run = `bench_${randomBytes(4).toString('hex')}`;
const kafka = createKafka(KafkaConfigSchema.parse(process.env));
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function database(name: string): Promise<ClickHouseClient> {
  const client = await connectClickHouse(ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: name }));
  await migrate(client, USAGE_MIGRATIONS);
  return client;
}

async function count(client: ClickHouseClient): Promise<number> {
  const [row] = await (await client.query({ query: 'SELECT count() AS n FROM usage_events', format: 'JSONEachRow' })).json<{ n: string }>();
  return Number(row?.n ?? 0);
}

/** Seconds until `usage_events` holds `n` rows, polled every 100 ms. */
async function secondsUntil(client: ClickHouseClient, n: number, since: number): Promise<number> {
  while ((await count(client)) < n) await sleep(100);
  return (Date.now() - since) / 1000;
}

async function fillTopic(topic: string): Promise<void> {
  await ensureTopics(kafka, [{ topic, partitions: PARTITIONS }]);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const stream = generateUsage(N, 0, 1);
  for (let i = 0; i < stream.length; i += 3000)
    await producer.send({ topic, acks: -1, messages: stream.slice(i, i + 3000).map(({ key, value }) => ({ key, value })) });
  await producer.disconnect();
}

async function projectorThroughput(topic: string): Promise<number> {
  const client = await database(`${run}_projector`);
  const projector = await ServiceProcess.spawn('projector', projectorEnv(`${run}_projector`, topic));
  await projector.ready();
  const seconds = await secondsUntil(client, N, Date.now());
  await projector.stop();
  await client.close();
  return N / seconds;
}

/** The client's share: kafkajs fetching and decoding the topic with the projector's fetch settings, nothing written. */
async function kafkajsThroughput(topic: string): Promise<number> {
  const config = loadProjectorConfig(process.env);
  const consumer = kafka.consumer({
    groupId: `kafkajs-${run}`,
    maxBytesPerPartition: config.PROJECTOR_BATCH_BYTES,
    maxBytes: config.PROJECTOR_BATCH_BYTES * config.PROJECTOR_PARTITIONS_CONCURRENTLY,
    maxWaitTimeInMs: config.PROJECTOR_LINGER_MS,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let consumed = 0;
  let allConsumed = (): void => undefined;
  const done = new Promise<void>((finish) => (allConsumed = finish));
  // Timed like the projector: from the end of the group join (run resolves then) to the last message.
  await consumer.run({
    partitionsConsumedConcurrently: config.PROJECTOR_PARTITIONS_CONCURRENTLY,
    eachBatch: async ({ batch }) => {
      consumed += batch.messages.length;
      if (consumed >= N) allConsumed();
      await Promise.resolve();
    },
  });
  const started = Date.now();
  await done;
  const perSecond = N / ((Date.now() - started) / 1000);
  await consumer.disconnect();
  return perSecond;
}

/** ClickHouse 18.16's Kafka engine starts a new group at the end of the log: the group's offsets are set to 0 first. */
async function kafkaEngineThroughput(topic: string): Promise<number> {
  const db = `${run}_kafka_engine`;
  const client = await database(db);
  const group = `kafka-engine-${db}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.setOffsets({ groupId: group, topic, partitions: Array.from({ length: PARTITIONS }, (_, partition) => ({ partition, offset: '0' })) });
  await admin.disconnect();
  const broker = KafkaConfigSchema.parse(process.env).KAFKA_BROKERS.join(',');
  await client.command({
    query: `CREATE TABLE usage_kafka (line String) ENGINE = Kafka SETTINGS kafka_broker_list = '${broker}', kafka_topic_list = '${topic}',
            kafka_group_name = '${group}', kafka_format = 'TabSeparated', kafka_row_delimiter = '\\n'`,
  });
  const started = Date.now();
  // No JSONExtract on 18.16: visitParam* reads the first key of that name, which the usage event has once.
  await client.command({
    query: `CREATE MATERIALIZED VIEW usage_kafka_mv TO usage_events AS SELECT
              visitParamExtractString(line, 'id') AS event_id, visitParamExtractString(line, 'source') AS source,
              visitParamExtractString(line, 'platform') AS platform, visitParamExtractString(line, 'metric') AS metric,
              visitParamExtractString(line, 'agency') AS agency, visitParamExtractFloat(line, 'value') AS value,
              visitParamExtractString(line, 'entity') AS entity, '{}' AS dimensions,
              parseDateTimeBestEffort(visitParamExtractString(line, 'time')) AS event_time,
              toUInt32(0) AS kafka_partition, toUInt64(0) AS kafka_offset, now() AS projected_at
            FROM usage_kafka`,
  });
  const seconds = await secondsUntil(client, N, started);
  await client.command({ query: 'DROP TABLE usage_kafka_mv' });
  await client.command({ query: 'DROP TABLE usage_kafka' });
  await client.close();
  return N / seconds;
}

type Workload = 'live' | 'backfill';

async function latency(workload: Workload): Promise<{ p50: number; p99: number; events: number }> {
  const topic = `usage.events.${run}.latency_${workload}`;
  const db = `${run}_latency_${workload}`;
  await ensureTopics(kafka, [{ topic, partitions: PARTITIONS }]);
  const client = await database(db);
  const projector = await ServiceProcess.spawn('projector', { ...projectorEnv(db, topic), PROJECTOR_LINGER_MS: '50' });
  await projector.ready();
  await sleep(3000);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const stream = generateUsage(RATE * SECONDS, 0, 2);
  const sentAt = new Map<string, number>();
  const seenAt = new Map<string, number>();
  let polling = true;
  const poll = (async () => {
    while (polling || seenAt.size < sentAt.size) {
      const rows = await (
        await client.query({ query: 'SELECT kafka_partition AS p, toString(max(kafka_offset)) AS o FROM usage_events GROUP BY p', format: 'JSONEachRow' })
      ).json<{ p: number; o: string }>();
      const now = Date.now();
      for (const { p, o } of rows) for (let offset = Number(o); offset >= 0 && !seenAt.has(`${p}:${offset}`); offset -= 1) seenAt.set(`${p}:${offset}`, now);
      await sleep(50);
    }
  })();
  const tick = RATE / 10;
  const begin = Date.now();
  for (let i = 0; i < stream.length; i += tick) {
    await sleep(Math.max(0, begin + (i / RATE) * 1000 - Date.now()));
    const sentTime = new Date().toISOString();
    const messages = stream
      .slice(i, i + tick)
      .map(({ value, event }, j) => ({ partition: (i + j) % PARTITIONS, value: workload === 'live' ? JSON.stringify({ ...event, time: sentTime }) : value }));
    const at = Date.now();
    const sent = await producer.send({ topic, acks: -1, messages });
    for (const meta of sent) {
      const inPartition = messages.filter((m) => m.partition === meta.partition).length;
      for (let k = 0; k < inPartition; k += 1) sentAt.set(`${meta.partition}:${Number(meta.baseOffset) + k}`, at);
    }
  }
  polling = false;
  await poll;
  await producer.disconnect();
  await projector.stop();
  await client.close();
  const latencies = [...sentAt].map(([key, at]) => (seenAt.get(key) ?? Infinity) - at).sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99), events: latencies.length };
}

async function main(): Promise<void> {
  const topic = `usage.events.${run}`;
  await fillTopic(topic);
  const projector = await projectorThroughput(topic);
  const engine = await kafkaEngineThroughput(topic);
  const client = await kafkajsThroughput(topic);
  const live = await latency('live');
  const backfill = await latency('backfill');
  console.log(`run ${run}, ${N} events pre-filled on ${PARTITIONS} partitions`);
  console.log(`projector (kafkajs, stage + fold, exactly once): ${Math.round(projector)} events/s`);
  console.log(`ClickHouse Kafka engine (at least once, no dedup): ${Math.round(engine)} events/s`);
  console.log(`kafkajs alone (eachBatch, projector's fetch settings, nothing written): ${Math.round(client)} events/s`);
  for (const [workload, lat] of [
    ['live', live],
    ['backfill', backfill],
  ] as const) {
    console.log(`latency of a ${workload} stream at ${RATE} events/s for ${SECONDS} s (${lat.events} events): p50 ${lat.p50} ms, p99 ${lat.p99} ms`);
  }
  const admin = await connectClickHouse(ClickHouseConfigSchema.parse(process.env));
  for (const suffix of ['projector', 'kafka_engine', 'latency_live', 'latency_backfill'])
    await admin.command({ query: `DROP DATABASE IF EXISTS ${run}_${suffix}` });
  await admin.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
