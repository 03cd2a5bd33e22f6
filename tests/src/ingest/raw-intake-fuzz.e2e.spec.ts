import type { UsageEvent } from '@govmetrics/contracts';
import { DLQ_HEADERS } from '@govmetrics/contracts';
import { eventually, Pipeline, requestJson, usageEvent } from '@govmetrics/devkit';
import { createKafka } from '@govmetrics/kafka';
import fc from 'fast-check';
import type { KafkaMessage } from 'kafkajs';
import { randomBytes } from 'node:crypto';

/** A generated raw record, given its unique event id. */
type RawRecord = { key: string | null; value: Buffer | string | null };
type Generated = { kind: string; make: (id: string) => RawRecord };

const RECORDS = 10_000;
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const PROTOTYPE_KEYS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];
const HUGE_NUMBERS = ['1e999', '-1e999', '1E400', '1e308', '-1', '1.5', '9007199254740993', '-0', '1e-7', '123456789012345678901234567890'];

const gdx = (id: string, data: Partial<UsageEvent['data']> = {}, envelope: Partial<UsageEvent> = {}): UsageEvent =>
  usageEvent({ platform: 'gdx', metric: 'api_calls', agency: 'moph', value: 1, ...data }, { id, ...envelope });
const json = (value: unknown): RawRecord => ({ key: 'gdx:fuzz', value: JSON.stringify(value) });

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: fc.oneof(loneSurrogate, fc.string({ minLength: 1, maxLength: 1 })), maxLength: 10 }),
  fc.constantFrom('somchai@example.co.th', '๑๑๐๑๗๐๐๒๐๗๓๖๖', '081-234-5678', '1234567890121'),
);

const generated: fc.Arbitrary<Generated> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record({
        metric: fc.constantFrom('api_calls', 'datasets'),
        agency: fc.constantFrom('moph', 'mof', 'dga', 'nso'),
        value: fc.integer({ min: 0, max: 1_000_000 }),
        day: fc.integer({ min: 1, max: 28 }),
      })
      .map(({ metric, agency, value, day }) => ({
        kind: 'valid',
        make: (id: string) => json(gdx(id, { metric, agency, value }, { time: `2021-03-${String(day).padStart(2, '0')}T10:00:00+07:00` })),
      })),
  },
  {
    weight: 2,
    arbitrary: fc.record({ where: fc.constantFrom('subject', 'service', 'agency', 'id', 'dimension name'), text: hostileText }).map(({ where, text }) => ({
      kind: 'unicode',
      make: (id: string) => {
        if (where === 'subject') return json(gdx(id, {}, { subject: text }));
        if (where === 'service') return json(gdx(id, { dimensions: { service: text } }));
        if (where === 'agency') return json(gdx(id, { agency: text }));
        if (where === 'id') return json(gdx(`${id}-${text}`));
        return json(gdx(id, { dimensions: { [text]: 'x' } }));
      },
    })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(...HUGE_NUMBERS).map((number) => ({
      kind: 'number',
      make: (id: string) => ({ key: 'gdx:fuzz', value: JSON.stringify(gdx(id)).replace('"value":1', `"value":${number}`) }),
    })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ field: fc.constantFrom('platform', 'metric', 'agency', 'dimension'), name: fc.constantFrom(...PROTOTYPE_KEYS) })
      .map(({ field, name }) => ({
        kind: 'prototype',
        make: (id: string) => {
          if (field === 'dimension') return { key: 'gdx:fuzz', value: JSON.stringify(gdx(id)).replace('"value":1', `"value":1,"dimensions":{"${name}":"x"}`) };
          return json(field === 'platform' ? gdx(id, { platform: name }, { source: `urn:dga:platform:${name}` }) : gdx(id, { [field]: name }));
        },
      })),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 10, max: 20_000 }).map((depth) => ({
      kind: 'deep',
      make: (id: string) => ({
        key: 'gdx:fuzz',
        value: JSON.stringify(gdx(id)).replace('"value":1', `"value":1,"dimensions":{"service":${'['.repeat(depth)}${']'.repeat(depth)}}`),
      }),
    })),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => ({ kind: 'bytes', make: () => ({ key: null, value: Buffer.from(bytes) }) })) },
  {
    weight: 1,
    arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => ({ kind: 'json', make: () => ({ key: 'junk', value: JSON.stringify(value) ?? 'null' }) })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'empty', make: () => ({ key: 'tombstone', value: null }) }) },
);

type Totals = Record<string, { total: number; events: number }>;

/** The accepted events' totals per GDX metric, computed here from the accepted topic, independently of the projector. */
function totalsOf(accepted: readonly UsageEvent[]): Totals {
  const totals: Totals = { api_calls: { total: 0, events: 0 }, datasets: { total: 0, events: 0 } };
  for (const event of accepted) {
    const bucket = event.data.platform === 'gdx' ? totals[event.data.metric] : undefined;
    if (!bucket) continue;
    bucket.total += event.data.value;
    bucket.events += 1;
  }
  return totals;
}

/** Every committed record of `topics` (read_committed), once their count reaches `total` and nothing more came for 3 s, or at `timeoutMs`. */
async function untilEnded(brokers: string[], topics: string[], total: number, timeoutMs: number): Promise<Map<string, KafkaMessage[]>> {
  const consumer = createKafka({ KAFKA_BROKERS: brokers, KAFKA_CLIENT_ID: 'fuzz-reader' }).consumer({
    groupId: `fuzz-reader-${randomBytes(6).toString('hex')}`,
    readUncommitted: false,
  });
  const byTopic = new Map(topics.map((topic) => [topic, [] as KafkaMessage[]]));
  let count = 0;
  let lastArrival = Date.now();
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ topic, message }) => {
        byTopic.get(topic)?.push(message);
        count += 1;
        lastArrival = Date.now();
        return Promise.resolve();
      },
    });
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && !(count >= total && Date.now() - lastArrival >= 3000)) await new Promise((done) => setTimeout(done, 200));
    return byTopic;
  } finally {
    await consumer.disconnect();
  }
}

/** Finite, and equal to a few ulps (ClickHouse adds float sums in another order); an overflowed sum never matches. */
const closeTo = (actual: number, expected: number) =>
  Number.isFinite(actual) && Number.isFinite(expected) && Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));

describe('a fuzzed Kafka-native intake', () => {
  const seed = `seed ${SEED} (FUZZ_SEED to replay)`;
  let pipeline: Pipeline;
  let accepted: UsageEvent[] = [];

  beforeAll(async () => {
    pipeline = await Pipeline.start();
  }, 120_000);

  afterAll(async () => {
    await pipeline?.stop();
  }, 60_000);

  it(
    `ends each of ${RECORDS} generated raw records (valid, arbitrary Unicode, huge numbers, prototype keys, deep nesting, bytes) ` +
      `accepted or dead-lettered, once, none stuck`,
    async () => {
      // Given 10,000 generated raw records, each event among them with an id of its own
      const samples = fc.sample(generated, { numRuns: RECORDS, seed: SEED });
      const records = samples.map((sample, n) => sample.make(`fuzz-${pipeline.runId}-${n}`));
      const validIds = new Set(samples.flatMap((sample, n) => (sample.kind === 'valid' ? [`fuzz-${pipeline.runId}-${n}`] : [])));

      // When a platform produces them to the raw topic
      const kafka = createKafka({ KAFKA_BROKERS: pipeline.kafkaBrokers, KAFKA_CLIENT_ID: 'fuzzing-platform' });
      const producer = kafka.producer();
      await producer.connect();
      for (let start = 0; start < records.length; start += 500)
        await producer.send({ topic: pipeline.env.RAW_USAGE_TOPIC as string, messages: records.slice(start, start + 500) });
      await producer.disconnect();
      const sentAt = Date.now();

      // Then within two minutes every record is on the accepted topic or in the DLQ, none twice
      const [acceptedTopic, deadLetterTopic] = [pipeline.env.USAGE_EVENTS_TOPIC as string, pipeline.env.DEAD_LETTER_TOPIC as string];
      const ended = await untilEnded(pipeline.kafkaBrokers, [acceptedTopic, deadLetterTopic], RECORDS, 120_000);
      const settledMs = Date.now() - sentAt - 3000;
      accepted = (ended.get(acceptedTopic) ?? []).map((message) => JSON.parse(String(message.value)) as UsageEvent);
      const dead = ended.get(deadLetterTopic) ?? [];
      const deadFrom = new Set(
        dead.map((message) => `${String(message.headers?.[DLQ_HEADERS.sourcePartition])}@${String(message.headers?.[DLQ_HEADERS.sourceOffset])}`),
      );
      expect({ seed, ended: accepted.length + dead.length }).toEqual({ seed, ended: RECORDS });
      expect(deadFrom.size).toBe(dead.length);
      expect(new Set(accepted.map((event) => event.id)).size).toBe(accepted.length);
      expect(accepted.filter((event) => validIds.has(event.id))).toHaveLength(validIds.size);
      expect(settledMs).toBeLessThan(120_000);

      // And no dead letter copies the generated personal data, or carries an unbounded rejections header
      expect(dead.filter((message) => /somchai@example\.co\.th|1234567890121/.test(`${String(message.key)} ${String(message.value)}`))).toEqual([]);
      expect(dead.filter((message) => Buffer.byteLength(String(message.headers?.[DLQ_HEADERS.rejections])) > 8 * 1024)).toEqual([]);
      console.log(
        `raw-intake fuzz (${seed}): ${RECORDS} records, ${accepted.length} accepted, ${dead.length} dead-lettered, ` +
          `all ended ${settledMs} ms after the last send`,
      );
    },
    300_000,
  );

  it("counts what was accepted: the gateway's totals equal the sums computed here from the accepted events", async () => {
    expect(accepted.length).toBeGreaterThan(0);
    for (const [metric, want] of Object.entries(totalsOf(accepted))) {
      const answer = await eventually(
        () => requestJson(`${pipeline.gatewayUrl}/v1/aggregates/total?platform=gdx&metric=${metric}`, { headers: pipeline.roleHeaders('operator') }),
        (reply) => (reply.body as { events?: number }).events === want.events,
        60_000,
      );
      const got = answer.body as { total: number; events: number };
      if (got.events !== want.events) console.log(`projector's last words:\n${pipeline.service('projector').log.slice(-3000)}`);
      expect({ seed, metric, events: got.events, totalMatches: closeTo(got.total, want.total) }).toEqual({
        seed,
        metric,
        events: want.events,
        totalMatches: true,
      });
    }
  }, 180_000);
});
