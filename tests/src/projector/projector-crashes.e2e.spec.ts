import type { ClickHouseClient } from '@clickhouse/client';
import { connectClickHouse, ClickHouseConfigSchema } from '@govmetrics/clickhouse';
import { createKafka, ensureTopics, KafkaConfigSchema, usageEventsTopic } from '@govmetrics/kafka';
import { randomBytes } from 'node:crypto';
import {
  expectedDaily,
  type GeneratedMessage,
  generateUsage,
  projectorEnv,
  removeRunState,
  runState,
  ServiceProcess,
  untilAggregated,
} from '@govmetrics/devkit';

const TOTAL = Number(process.env.FAULT_EVENTS ?? 1_000_000);
const RESENT = Math.floor(TOTAL / 100);
const KILLS = Number(process.env.FAULT_KILLS ?? 10);
const DEADLINE_MS = 480_000;
const SEED = Number(process.env.FAULT_SEED ?? Date.now() % 100_000);

const runId = `fault_${randomBytes(5).toString('hex')}`;
const env: Record<string, string> = { ...projectorEnv(runId), PROJECTOR_SESSION_TIMEOUT_MS: '6000' };
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function produce(messages: readonly GeneratedMessage[]): Promise<void> {
  const producer = createKafka(KafkaConfigSchema.parse(process.env)).producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  // Sends stay under the broker's 1 MB request limit per partition.
  for (let i = 0; i < messages.length; i += 3000) {
    await producer.send({ topic: env.USAGE_EVENTS_TOPIC as string, acks: -1, messages: messages.slice(i, i + 3000).map(({ key, value }) => ({ key, value })) });
  }
  await producer.disconnect();
}

async function count(clickhouse: ClickHouseClient): Promise<number> {
  const result = await clickhouse.query({ query: 'SELECT count() AS n FROM usage_events', format: 'JSONEachRow' });
  const [row] = await result.json<{ n: string }>();
  return Number(row?.n ?? 0);
}

describe('the projector is killed -9 again and again while a million events flow, and the aggregates stay exact', () => {
  const replicas: ServiceProcess[] = [];
  let clickhouse: ClickHouseClient;

  beforeAll(async () => {
    await ensureTopics(createKafka(KafkaConfigSchema.parse(process.env)), [usageEventsTopic(env.USAGE_EVENTS_TOPIC as string)]);
    clickhouse = await connectClickHouse(ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: runId }));
  });

  // Dropping the database waits for folds the killed replicas left running on the server: slow on a loaded machine.
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await clickhouse?.close();
    await removeRunState(runState(runId, env));
  }, 180_000);

  it(`counts each of ${TOTAL} events (1% resent) once through ${KILLS} kills of two replicas in one group`, async () => {
    // Given a million usage events over two years, 1% of them sent a second time (seed printed for replay)
    console.log(`fault injection seed ${SEED}`);
    const stream = generateUsage(TOTAL - RESENT, RESENT, SEED);
    const expected = expectedDaily(stream);
    const unique = TOTAL - RESENT;

    // And two projector replicas sharing the partitions
    const start = async (slot: number) => {
      replicas[slot] = await ServiceProcess.spawn('projector', env);
      await replicas[slot].ready();
    };
    await Promise.all([start(0), start(1)]);

    // When the events flow straight into Kafka while a random replica is killed -9 at random moments
    const began = Date.now();
    let producerFailure: unknown;
    const producing = produce(stream).catch((error: unknown) => {
      producerFailure = error;
    });
    let kills = 0;
    let seen = 0;
    const log: string[] = [];
    const deadline = Date.now() + DEADLINE_MS;
    while ((kills < KILLS || seen < unique) && producerFailure === undefined && Date.now() < deadline) {
      if (kills >= KILLS) {
        seen = await count(clickhouse);
        if (seen >= unique) break;
        await sleep(1000);
        continue;
      }
      await sleep(1000 + Math.random() * 4000);
      const slot = Math.floor(Math.random() * 2);
      const victim = replicas[slot];
      await victim?.stop('SIGKILL');
      kills += 1;
      seen = await count(clickhouse);
      const errors = (victim?.log ?? '').split('\n').filter((line) => /error/i.test(line)).length;
      log.push(`kill ${kills} at ${Math.round((Date.now() - began) / 1000)} s: replica ${slot} (${errors} error lines in its log), ${seen} events projected`);
      await start(slot);
    }
    await producing;
    console.log(log.join('\n'));
    expect(producerFailure).toBeUndefined();
    if (seen < unique) console.log(replicas.map((replica) => replica.log.slice(-3000)).join('\n-----\n'));

    // Then every event is in the raw table and in both aggregates exactly once
    expect(await untilAggregated(clickhouse, unique, 120_000)).toEqual({ raw: unique, hourly: unique, daily: unique });

    // And every daily aggregate equals the one computed from the generated events, to the unit
    const result = await clickhouse.query({
      query: `SELECT platform, metric, agency, toString(day) AS day, sumMerge(value_sum) AS sum, countMerge(event_count) AS count,
                     minMerge(value_min) AS min, maxMerge(value_max) AS max, argMaxMerge(last_value) AS last, uniqExactMerge(entities) AS entities
              FROM usage_daily GROUP BY platform, metric, agency, day`,
      format: 'JSONEachRow',
    });
    const rows = await result.json<Record<string, string | number>>();
    const mismatches: string[] = [];
    for (const row of rows) {
      const key = [row.platform, row.metric, row.agency, row.day].join('|');
      const want = expected.get(key);
      const got = {
        sum: Number(row.sum),
        count: Number(row.count),
        min: Number(row.min),
        max: Number(row.max),
        last: Number(row.last),
        entities: Number(row.entities),
      };
      if (
        !want ||
        want.sum !== got.sum ||
        want.count !== got.count ||
        want.min !== got.min ||
        want.max !== got.max ||
        want.last !== got.last ||
        want.entities.size !== got.entities
      ) {
        mismatches.push(`${key}: got ${JSON.stringify(got)}`);
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(rows.length).toBe(expected.size);

    // And the hourly aggregate holds the same totals
    const hourly = await clickhouse.query({
      query: 'SELECT toString(sumMerge(value_sum)) AS sum, toString(countMerge(event_count)) AS count FROM usage_hourly',
      format: 'JSONEachRow',
    });
    const totalSum = [...expected.values()].reduce((sum, bucket) => sum + bucket.sum, 0);
    expect(await hourly.json()).toEqual([{ sum: String(totalSum), count: String(unique) }]);
  }, 600_000);
});
