import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createKafka, KafkaConfigSchema } from '@govmetrics/kafka';
import { readCommitted } from '@govmetrics/kafka/testing';
import type { Kafka, Message, Producer } from 'kafkajs';

/**
 * The smallest experiment behind "acknowledged events lost around broker kills" (docs/faults.md): three KRaft brokers
 * of the probe's own (ports +200: clear of the CI cluster and the fault suite's +100), two idempotent producers with
 * `acks=-1` sending numbered records at a steady rate while each broker in turn is killed with -9 and started again,
 * then every partition read from the beginning. One producer sends each batch in one `send()` spanning partitions
 * (as the suite's raw sender and our publishers do); another one `send()` per partition; a third one transaction per
 * batch, its one `send()` spanning partitions (as the ingest publishes), read back read_committed.
 */
const INFRA = resolve(__dirname, '../../infra/local');
const SHARED_KAFKA_JARS = resolve(__dirname, '../../.local/kafka/jars');
const PORT_OFFSET = 200;
const PARTITIONS = 6;
const BROKERS = [1, 2, 3].map((node) => `127.0.0.1:${9300 + PORT_OFFSET + node}`);
const run = promisify(execFile);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Three brokers only (no ZooKeeper, no ClickHouse), with infra/local's own node functions, in a temporary folder. */
class ThreeBrokers {
  readonly folder = mkdtempSync(join(tmpdir(), 'govmetrics-lossprobe-'));
  private readonly env = { ...process.env, GOVMETRICS_LOCAL_DIR: this.folder, CLUSTER_PORT_OFFSET: String(PORT_OFFSET) };

  async up(): Promise<void> {
    chmodSync(this.folder, 0o755);
    if (existsSync(SHARED_KAFKA_JARS)) {
      mkdirSync(join(this.folder, 'kafka'));
      symlinkSync(realpathSync(SHARED_KAFKA_JARS), join(this.folder, 'kafka', 'jars'));
    }
    const functions = ['lib.sh', 'cluster-lib.sh', 'cluster-kafka.sh'].map((file) => `source ${join(INFRA, file)}`).join('; ');
    await run('bash', ['-c', `${functions}; start_kafka_nodes 1 2 3; wait_kafka_quorum`], { env: this.env, timeout: 300_000 });
  }

  async node(verb: 'kill' | 'start', broker: number): Promise<void> {
    await run('bash', [join(INFRA, 'cluster.sh'), verb, `kafka-${broker}`], { env: this.env, timeout: 300_000 });
  }

  async destroy(): Promise<void> {
    await run('bash', [join(INFRA, 'cluster.sh'), 'destroy'], { env: this.env, timeout: 300_000 }).catch(() => undefined);
    rmSync(this.folder, { recursive: true, force: true });
  }
}

/** How a batch reaches the topic; rejects when it must be sent again (the same numbers, as the suite's senders do). */
type Send = (producer: Producer, topic: string, batch: Message[]) => Promise<unknown>;

const oneSendSpanningPartitions: Send = (producer, topic, batch) => producer.send({ topic, acks: -1, messages: batch });

const oneSendPerPartition: Send = (producer, topic, batch) =>
  Promise.all(
    [...new Set(batch.map((message) => message.partition))].map((partition) =>
      producer.send({ topic, acks: -1, messages: batch.filter((message) => message.partition === partition) }),
    ),
  );

/** One transaction per batch, its one send() spanning partitions: the ingest's publisher (libs/kafka usage-event.publisher.ts). */
const oneTransactionSpanningPartitions: Send = async (producer, topic, batch) => {
  try {
    const transaction = await producer.transaction();
    try {
      await transaction.send({ topic, acks: -1, messages: batch });
      await transaction.commit();
    } catch (error) {
      await transaction.abort();
      throw error;
    }
  } catch (error) {
    // As the publisher drops its producer: one whose abort failed stays stuck in its transaction until connected again.
    await producer.disconnect().catch(() => undefined);
    await producer.connect();
    throw error;
  }
};

/** Numbered records, a batch of one per partition every 100 ms, each batch retried until acknowledged. */
class NumberedSender {
  readonly acked: number[] = [];
  retries = 0;
  stuck = false;
  private next = 0;
  private running = true;
  private readonly loop: Promise<void>;

  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
    private readonly send: Send,
  ) {
    this.loop = this.run();
  }

  /** Stops after the batch in flight; one still unacknowledged 30 s later is left out (it was never acknowledged). */
  async stop(): Promise<void> {
    this.running = false;
    this.stuck = await Promise.race([this.loop.then(() => false), sleep(30_000).then(() => true)]);
  }

  private async run(): Promise<void> {
    while (this.running) {
      const numbers = Array.from({ length: PARTITIONS }, () => this.next++);
      const batch = numbers.map((n) => ({ partition: n % PARTITIONS, key: String(n), value: String(n) }));
      while (
        !(await this.send(this.producer, this.topic, batch).then(
          () => true,
          () => false,
        ))
      ) {
        if (this.stuck) return;
        this.retries += 1;
        await sleep(250);
      }
      this.acked.push(...numbers);
      await sleep(100);
    }
  }
}

/** The acknowledged numbers no partition holds (read from the beginning, read_committed). */
async function missing(topic: string, acked: number[]): Promise<{ missing: number[]; onTopic: number }> {
  const messages = await readCommitted(BROKERS, topic, { atLeast: acked.length, quietMs: 3000, timeoutMs: 60_000 });
  const seen = new Set(messages.map((message) => Number(String(message.value))));
  return { missing: acked.filter((n) => !seen.has(n)), onTopic: messages.length };
}

describe('acknowledged records around kill -9 of a broker (3 KRaft brokers, replication 3, min.insync.replicas 2)', () => {
  const brokers = new ThreeBrokers();
  let kafka: Kafka;
  const producers: Producer[] = [];

  beforeAll(async () => {
    await brokers.up();
    kafka = createKafka(KafkaConfigSchema.parse({ ...process.env, KAFKA_BROKERS: BROKERS.join(','), KAFKA_CLIENT_ID: 'lossprobe' }));
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: ['spanning', 'per-partition', 'transactional'].map((topic) => ({ topic, numPartitions: PARTITIONS })),
    });
    await admin.disconnect();
  }, 400_000);

  afterAll(async () => {
    await Promise.all(producers.map((producer) => producer.disconnect().catch(() => undefined)));
    await brokers.destroy();
  }, 120_000);

  it('sent one partition per send(), no acknowledged record is lost through kill -9 of each broker (one send() spanning partitions: measured)', async () => {
    const senders = await Promise.all(
      (
        [
          ['spanning', oneSendSpanningPartitions],
          ['per-partition', oneSendPerPartition],
          ['transactional', oneTransactionSpanningPartitions],
        ] as const
      ).map(async ([topic, send]) => {
        const transactionalId = topic === 'transactional' ? 'lossprobe-transactional' : undefined;
        const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, transactionalId });
        producers.push(producer);
        await producer.connect();
        return [topic, new NumberedSender(producer, topic, send)] as const;
      }),
    );
    for (const broker of [1, 2, 3]) {
      await sleep(4000);
      await brokers.node('kill', broker);
      await sleep(10_000);
      await brokers.node('start', broker);
    }
    await sleep(4000);
    await Promise.all(senders.map(([, sender]) => sender.stop()));

    const found = Object.fromEntries(
      await Promise.all(
        senders.map(
          async ([topic, sender]) =>
            [topic, { acked: sender.acked.length, retries: sender.retries, stuck: sender.stuck, ...(await missing(topic, sender.acked)) }] as const,
        ),
      ),
    );
    console.log(JSON.stringify(found, null, 2));
    expect(found['per-partition']?.missing).toEqual([]);
  }, 400_000);
});
