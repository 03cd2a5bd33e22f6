import { type CompletenessDeclaration, completenessKey, type KpiAttainment, KpiAttainmentSchema } from '@govmetrics/contracts';
import { SqliteEventStore } from '@govmetrics/event-store-adapters';
import { eachDay } from '@govmetrics/foresight';
import { completenessTopic, createKafka, ensureTopics, KafkaConfigSchema } from '@govmetrics/kafka';
import { Ledger } from '@govmetrics/ledger';
import { InMemoryAggregateReader } from '@govmetrics/scoring';
import type { Producer } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContinuousScoring } from '../follow-aggregates/continuous-scoring';
import { apiCalls, callsCatalog } from '../testing/calls-catalog';
import { CompletenessFollower } from './completeness.follower';

const AS_OF = '2021-03-02';
const topic = `usage.completeness.spec-${randomBytes(5).toString('hex')}`;
const kafka = createKafka(KafkaConfigSchema.parse(process.env));
const declared = (day: string): CompletenessDeclaration => ({ platform: 'gdx', metric: 'api_calls', day });

const until = async (condition: () => boolean, what: string, timeoutMs = 20_000) => {
  for (const deadline = Date.now() + timeoutMs; !condition(); await new Promise((resolve) => setTimeout(resolve, 100)))
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
};

describe(`${CompletenessFollower.name} (real Kafka): a platform declares on usage.completeness.v1 itself`, () => {
  let producer: Producer;
  let follower: CompletenessFollower | undefined;
  let store: SqliteEventStore;
  let folder: string;
  const published: KpiAttainment[] = [];

  /** As a Kafka-speaking platform writes: its own producer, straight to the topic. */
  const produce = (...values: (CompletenessDeclaration | string)[]) =>
    producer.send({
      topic,
      acks: -1,
      messages: values.map((value) =>
        typeof value === 'string' ? { key: 'gdx:api_calls', value } : { key: completenessKey(value), value: JSON.stringify(value) },
      ),
    });

  beforeAll(async () => {
    await ensureTopics(kafka, [completenessTopic(topic)]);
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    folder = mkdtempSync(join(tmpdir(), 'completeness-follower-'));
    store = await SqliteEventStore.open({ filename: join(folder, 'ledger.db') });
  }, 60_000);

  afterAll(async () => {
    await follower?.stop();
    await producer?.disconnect();
    await store?.close();
    rmSync(folder, { recursive: true, force: true });
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).finally(() => admin.disconnect());
  }, 30_000);

  it('scores provisional while a day before the as-of day is missing, and records the score final once the platform declares it', async () => {
    // Given every day of the fiscal year through the as-of day declared but 2021-03-01, and one record that is no declaration
    const days = eachDay('2020-10-01', AS_OF).filter((day) => day !== '2021-03-01');
    await produce(...days.map(declared), '{"platform": "gdx", "day": "yesterday"}');
    const logged: string[] = [];
    follower = await CompletenessFollower.start(kafka, topic, 30_000, (line) => logged.push(line));
    expect(follower.ledger.entries()).toHaveLength(days.length);
    expect(logged.join('\n')).toMatch(/skipped, not a declaration/);

    const ledger = new Ledger(store);
    const scoring = new ContinuousScoring({
      catalogOn: () => ({ catalog: callsCatalog, attestations: [] }),
      aggregates: new InMemoryAggregateReader([apiCalls(40)]),
      ledger,
      publish: (message) => Promise.resolve(void published.push(KpiAttainmentSchema.parse(message))),
      asOf: () => AS_OF,
      actor: 'spec',
      log: () => undefined,
      completeness: follower.ledger,
    });
    await scoring.start();
    follower.notify((what) => scoring.onCompletenessDeclared(what));
    expect(published.map(({ snapshot }) => [snapshot.overall, snapshot.provisional, snapshot.aggregates[0]?.completeThrough])).toEqual([
      [40, true, '2021-02-28'],
    ]);

    // When the platform declares the missing day (and repeats one already declared)
    await produce(declared('2021-03-01'), declared('2021-02-01'));
    await until(() => published.length >= 2, 'a second snapshot');
    await scoring.drain();

    // Then the same score is recorded again, final, complete through the as-of day; the repeat adds nothing
    expect(published.map(({ snapshot }) => [snapshot.overall, snapshot.provisional, snapshot.aggregates[0]?.completeThrough])).toEqual([
      [40, true, '2021-02-28'],
      [40, false, AS_OF],
    ]);
    const recorded = await ledger.readStream('scores:spec:S');
    expect(recorded.map((entry) => entry.metadata.why)).toEqual([
      expect.stringMatching(/^scores of S changed: the service started/),
      expect.stringMatching(/^completeness of S changed: completeness declared/),
    ]);
  }, 90_000);
});
