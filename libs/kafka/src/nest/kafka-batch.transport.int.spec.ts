import { QUARANTINE_HEADERS } from '@govmetrics/contracts';
import { randomBytes } from 'node:crypto';
import { createKafka } from '../create-kafka';
import { RecordPublisher } from '../quarantine/quarantine.publisher';
import { readQuarantine } from '../quarantine/quarantine-replay';
import { consumersGivenUpCounts } from '../consumer-revival';
import { ensureTopics } from '../topic-bootstrap';
import type { ConsumedBatch } from '../consumed-batch';
import type { ConsumerConfig } from 'kafkajs';
import { KafkaBatchTransport } from './kafka-batch.transport';

const kafka = createKafka({ KAFKA_BROKERS: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), KAFKA_CLIENT_ID: 'batch-transport-test' });

async function until(done: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done()) && Date.now() < deadline) await new Promise((later) => setTimeout(later, 100));
}

async function committed(groupId: string, topic: string): Promise<string | undefined> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return offsets?.partitions[0]?.offset;
  } finally {
    await admin.disconnect();
  }
}

/** The topics the transports of this spec made, deleted after it. */
const madeTopics: string[] = [];

/** A transport on a fresh one-partition topic whose handler is `handle`, quarantining to a fresh topic. */
async function startTransport(handle: (batch: ConsumedBatch) => Promise<void>, more: { consumer?: Partial<ConsumerConfig> } = {}) {
  const id = randomBytes(5).toString('hex');
  const [topic, quarantine, groupId] = [`transport.test.${id}`, `transport.quarantine.${id}`, `transport-test-${id}`];
  madeTopics.push(topic, quarantine);
  await ensureTopics(kafka, [
    { topic, partitions: 1 },
    { topic: quarantine, partitions: 1 },
  ]);
  const publisher = new RecordPublisher(kafka);
  await publisher.connect();
  const transport = new KafkaBatchTransport({
    kafka,
    consumer: { groupId, maxWaitTimeInMs: 100, ...more.consumer },
    subscriptions: { [topic]: 'batches' },
    quarantine: { publisher, topic: quarantine, consumer: 'test' },
  });
  transport.addHandler('batches', (batch: ConsumedBatch) => handle(batch), true);
  await new Promise<void>(
    (done, fail) => void transport.listen((error) => (error ? fail(error instanceof Error ? error : new Error(JSON.stringify(error))) : done())),
  );
  return { topic, quarantine, groupId, transport };
}

const produce = async (topic: string, values: string[]) => {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: values.map((value) => ({ key: 'gdx:moph', value, headers: { trace: 'kept' } })) });
  await producer.disconnect();
};

describe(KafkaBatchTransport.name, () => {
  const transports: KafkaBatchTransport[] = [];
  afterAll(async () => {
    for (const transport of transports) await transport.close();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: madeTopics }).finally(() => admin.disconnect());
  });

  it('quarantines the record a handler refuses as poison, with why and where from, handles the others and commits past it', async () => {
    // Given a handler that, like ClickHouse, refuses a whole batch holding the poison value without saying which record
    const handled: string[] = [];
    const started = await startTransport((batch) => {
      if (batch.messages.some((message) => message.value?.toString() === 'poison'))
        return Promise.reject(Object.assign(new Error('Code: 25, cannot parse'), { poison: true, reason: 'clickhouse_cannot_parse_escape_sequence' }));
      handled.push(...batch.messages.map((message) => message.value?.toString() ?? ''));
      return Promise.resolve();
    });
    transports.push(started.transport);

    // When the poison record arrives between valid ones
    await produce(started.topic, ['a', 'b', 'poison', 'c', 'd']);

    // Then every other record is handled and the batch is committed past the poison record
    await until(async () => (await committed(started.groupId, started.topic)) === '5');
    expect(new Set(handled)).toEqual(new Set(['a', 'b', 'c', 'd']));
    expect(await committed(started.groupId, started.topic)).toBe('5');
    // And the poison record is on the quarantine topic, unchanged, with why and where it came from
    const [record, ...more] = await readQuarantine(kafka, started.quarantine);
    expect(more).toHaveLength(0);
    expect(record?.message.value?.toString()).toBe('poison');
    expect(record?.message.key?.toString()).toBe('gdx:moph');
    expect(record?.message.headers?.trace?.toString()).toBe('kept');
    expect(record?.entry).toMatchObject({
      reason: 'clickhouse_cannot_parse_escape_sequence',
      consumer: 'test',
      source: { topic: started.topic, partition: 0, offset: '2' },
    });
    expect(record?.message.headers?.[QUARANTINE_HEADERS.message]?.toString()).toBe('Code: 25, cannot parse');
  }, 60_000);

  it('retries a batch whose handler fails for a reason other than its records, quarantining nothing, until it succeeds', async () => {
    // Given a handler that fails twice as a missing table would (not retriable by itself, not poison)
    let attempts = 0;
    const handled: string[] = [];
    const started = await startTransport((batch) => {
      attempts += 1;
      if (attempts <= 2) return Promise.reject(Object.assign(new Error("Code: 60, Table usage_events doesn't exist"), { retriable: false, poison: false }));
      handled.push(...batch.messages.map((message) => message.value?.toString() ?? ''));
      return Promise.resolve();
    });
    transports.push(started.transport);

    await produce(started.topic, ['a', 'b']);

    // Then the consumer keeps going: the batch is handled on a later attempt and committed, and nothing is quarantined
    await until(async () => (await committed(started.groupId, started.topic)) === '2');
    expect(attempts).toBeGreaterThanOrEqual(3);
    expect(handled).toEqual(['a', 'b']);
    expect(await readQuarantine(kafka, started.quarantine)).toEqual([]);
  }, 60_000);

  it('replaces a consumer kafkajs gives up for good with a new member, which handles the batch, and says so each time', async () => {
    // Given a consumer kafkajs stops for good on its first failure (no retries, no restart), as on an error it deems fatal
    let attempts = 0;
    const handled: string[] = [];
    const started = await startTransport(
      (batch) => {
        attempts += 1;
        if (attempts === 1) return Promise.reject(new Error('the first attempt fails'));
        handled.push(...batch.messages.map((message) => message.value?.toString() ?? ''));
        return Promise.resolve();
      },
      { consumer: { retry: { retries: 0, restartOnFailure: () => Promise.resolve(false) } } },
    );
    transports.push(started.transport);

    await produce(started.topic, ['a', 'b']);

    // Then it is counted as given up once, and a new member of the group handles the batch and commits it
    await until(async () => (await committed(started.groupId, started.topic)) === '2');
    expect(consumersGivenUpCounts()[started.groupId]).toBe(1);
    expect(handled).toEqual(['a', 'b']);
    expect(await committed(started.groupId, started.topic)).toBe('2');
  }, 60_000);
});
