import { randomBytes } from 'node:crypto';
import type { Message, Producer, ProducerRecord } from 'kafkajs';
import { createKafka } from '../create-kafka';
import { ensureTopics } from '../topic-bootstrap';
import { PartitionedSender, type RecordSender } from './partitioned-sender';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const kafka = createKafka({ KAFKA_BROKERS: BROKERS, KAFKA_CLIENT_ID: 'partitioned-sender-spec' });
const id = randomBytes(5).toString('hex');
const topics = { plain: `partitioned.plain.${id}`, partitioned: `partitioned.split.${id}`, transactional: `partitioned.txn.${id}` };

const keyedMessages = (count: number): Message[] => Array.from({ length: count }, (_, n) => ({ key: `platform-${n % 3}:agency-${n % 17}`, value: String(n) }));

/** Each committed record's key and partition, read from the beginning until `count` arrived (or 30 s). */
async function keyPartitions(topic: string, count: number): Promise<Map<string, Set<number>>> {
  const consumer = kafka.consumer({ groupId: `partitioned-spec-${randomBytes(5).toString('hex')}`, readUncommitted: false });
  const seen = new Map<string, Set<number>>();
  let arrived = 0;
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ partition, message }) => {
        const key = String(message.key);
        seen.set(key, (seen.get(key) ?? new Set()).add(partition));
        arrived += 1;
        return Promise.resolve();
      },
    });
    const deadline = Date.now() + 30_000;
    while (arrived < count && Date.now() < deadline) await new Promise((later) => setTimeout(later, 100));
    expect(arrived).toBe(count);
    return seen;
  } finally {
    await consumer.disconnect();
  }
}

/** The producer's (or transaction's) `send`, recording each call and how many ran at once. */
function observed(target: RecordSender) {
  const calls: ProducerRecord[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const sender: RecordSender = {
    async send(record) {
      calls.push(record);
      mostAtOnce = Math.max(mostAtOnce, ++running);
      try {
        return await target.send(record);
      } finally {
        running -= 1;
      }
    },
  };
  return { sender, calls, mostAtOnce: () => mostAtOnce };
}

const partitionsOf = (record: ProducerRecord) => new Set(record.messages.map((message) => message.partition));

describe(PartitionedSender.name, () => {
  const partitioned = new PartitionedSender(kafka);
  const producers: Producer[] = [];

  beforeAll(async () => {
    await ensureTopics(
      kafka,
      Object.values(topics).map((topic) => ({ topic, partitions: 6 })),
    );
  }, 60_000);

  afterAll(async () => {
    await Promise.all([partitioned.disconnect(), ...producers.map((producer) => producer.disconnect())]);
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
    await admin.disconnect();
  }, 60_000);

  it('writes every key to the partition one plain send() spanning partitions wrote it to, with one send() per partition', async () => {
    // Given one batch of keys spread over the topic's 6 partitions, sent as before: one send() with kafkajs's default partitioner
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    producers.push(producer);
    await producer.connect();
    const messages = keyedMessages(120);
    await producer.send({ topic: topics.plain, acks: -1, messages });

    // When the same batch goes through the partitioned sender
    const { sender, calls } = observed(producer);
    await partitioned.send(sender, [{ topic: topics.partitioned, messages }], { acks: -1, inTransaction: false });

    // Then every key is on the same partition as before, and no send() spanned two partitions
    expect(await keyPartitions(topics.partitioned, messages.length)).toEqual(await keyPartitions(topics.plain, messages.length));
    expect(calls.length).toBeGreaterThan(1);
    for (const call of calls) expect(partitionsOf(call).size).toBe(1);
    expect(new Set(calls.map((call) => [...partitionsOf(call)][0])).size).toBe(calls.length);
  }, 90_000);

  it('sends a transaction’s partitions one at a time, all visible once it commits', async () => {
    const producer = kafka.producer({ transactionalId: `partitioned-spec-${id}`, idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    producers.push(producer);
    await producer.connect();
    const messages = keyedMessages(60);

    const transaction = await producer.transaction();
    const { sender, calls, mostAtOnce } = observed(transaction);
    await partitioned.send(sender, [{ topic: topics.transactional, messages }], { acks: -1, inTransaction: true });
    await transaction.commit();

    expect(calls.length).toBeGreaterThan(1);
    expect(mostAtOnce()).toBe(1);
    const onTopic = await keyPartitions(topics.transactional, messages.length);
    expect([...onTopic.values()].every((partitions) => partitions.size === 1)).toBe(true);
  }, 90_000);
});
