import { ConfigResourceTypes } from 'kafkajs';
import type { Kafka } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { createKafka } from './create-kafka';
import { readCommitted } from './read-committed';
import { ensureTopics, TOPIC_MAX_MESSAGE_BYTES, usageDeadLetterTopic, usageEventsTopic, usageRawTopic } from './topic-bootstrap';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const YEAR_MS = 365 * 24 * 3600 * 1000;

async function topicConfig(kafka: Kafka, topic: string): Promise<Record<string, string>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { resources } = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }] });
    return Object.fromEntries((resources[0]?.configEntries ?? []).map((entry) => [entry.configName, entry.configValue]));
  } finally {
    await admin.disconnect();
  }
}

describe(ensureTopics.name, () => {
  const run = randomBytes(5).toString('hex');
  const topics = { raw: `usage.raw.${run}`, legacyRaw: `usage.raw.legacy.${run}`, accepted: `usage.events.${run}`, dlq: `usage.dlq.${run}` };
  const kafka = createKafka({ KAFKA_BROKERS: BROKERS, KAFKA_CLIENT_ID: 'bootstrap-spec' });

  afterAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
    await admin.disconnect();
  });

  it("stamps raw records with their arrival time, so a record produced with last year's time is not past retention on arrival", async () => {
    // Given a bootstrapped raw topic
    await ensureTopics(kafka, [usageRawTopic(topics.raw)]);

    // When a producer stamps a record with a CreateTime a year ago
    const producer = kafka.producer();
    await producer.connect();
    const before = Date.now();
    await producer.send({ topic: topics.raw, messages: [{ key: 'k', value: 'v', timestamp: String(before - YEAR_MS) }] });
    await producer.disconnect();

    // Then the broker stamped it with now, and retention counts a week from then
    const [record] = await readCommitted(BROKERS, topics.raw, { atLeast: 1, quietMs: 200 });
    expect(Number(record?.timestamp)).toBeGreaterThanOrEqual(before - 1000);
    expect(Number(record?.timestamp)).toBeLessThanOrEqual(Date.now());
    expect(await topicConfig(kafka, topics.raw)).toEqual(
      expect.objectContaining({ 'message.timestamp.type': 'LogAppendTime', 'retention.ms': String(7 * 24 * 3600 * 1000) }),
    );
  }, 60_000);

  it('switches an existing raw topic created with CreateTime to LogAppendTime, keeping its other overrides', async () => {
    // Given a raw topic created before, with CreateTime and an operator's 3-day retention
    await ensureTopics(kafka, [{ topic: topics.legacyRaw, partitions: 2, retentionMs: 3 * 24 * 3600 * 1000 }]);
    expect((await topicConfig(kafka, topics.legacyRaw))['message.timestamp.type']).toBe('CreateTime');

    // When the intake bootstraps it again
    await ensureTopics(kafka, [usageRawTopic(topics.legacyRaw)]);

    // Then it stamps arrival time, and the operator's retention stands
    const config = await topicConfig(kafka, topics.legacyRaw);
    expect(config['message.timestamp.type']).toBe('LogAppendTime');
    expect(config['retention.ms']).toBe(String(3 * 24 * 3600 * 1000));
    expect(config['max.message.bytes']).toBe(String(TOPIC_MAX_MESSAGE_BYTES));
  }, 60_000);

  it('keeps accepted events and dead letters forever, and gives the DLQ room for the largest raw record plus its headers', async () => {
    // Given a DLQ created before with the common 16 MiB limit
    await ensureTopics(kafka, [{ topic: topics.dlq, partitions: 1 }]);

    // When the intake bootstraps its topics
    await ensureTopics(kafka, [usageEventsTopic(topics.accepted), usageDeadLetterTopic(topics.dlq)]);

    // Then both keep everything forever and the DLQ takes 1 MiB more than the raw topic
    expect(await topicConfig(kafka, topics.accepted)).toEqual(
      expect.objectContaining({ 'retention.ms': '-1', 'retention.bytes': '-1', 'max.message.bytes': String(TOPIC_MAX_MESSAGE_BYTES) }),
    );
    expect(await topicConfig(kafka, topics.dlq)).toEqual(
      expect.objectContaining({ 'retention.ms': '-1', 'retention.bytes': '-1', 'max.message.bytes': String(TOPIC_MAX_MESSAGE_BYTES + 1024 * 1024) }),
    );
  }, 60_000);

  it('hands over a topic another process created at the same moment with its partitions served, in both processes', async () => {
    // Given two starting services bootstrapping the same new topics at once, as the ingest and scoring do
    const racing = Array.from({ length: 8 }, (_, n) => `usage.race.${run}.${n}`);
    Object.assign(topics, Object.fromEntries(racing.map((topic) => [topic, topic])));
    const other = createKafka({ KAFKA_BROKERS: BROKERS, KAFKA_CLIENT_ID: 'bootstrap-spec-other' });

    // When each reads the topics' offsets as soon as its bootstrap returned
    const started = racing.map(async (topic) => {
      const spec = { topic, partitions: 3 };
      const readOffsets = async (client: Kafka) => {
        await ensureTopics(client, [spec]);
        const admin = client.admin();
        await admin.connect();
        try {
          return await admin.fetchTopicOffsets(topic);
        } finally {
          await admin.disconnect();
        }
      };
      return Promise.all([readOffsets(kafka), readOffsets(other)]);
    });

    // Then every partition answers in both, none refused as led elsewhere
    for (const [mine, theirs] of await Promise.all(started)) {
      expect(mine).toHaveLength(3);
      expect(theirs).toHaveLength(3);
    }
  }, 120_000);
});
