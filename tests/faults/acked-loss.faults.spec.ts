import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createKafka, KafkaConfigSchema, RecordPublisher, UsageEventPublisher } from '@govmetrics/kafka';
import { readCommitted } from '@govmetrics/kafka/testing';
import type { Kafka, Producer } from 'kafkajs';
import { faultEvent } from './steady-sender';

/**
 * The experiment behind "acknowledged events lost around broker kills" (docs/faults.md): three KRaft brokers of the
 * probe's own (ports +200: clear of the CI cluster and the fault suite's +100), three senders with `acks=-1` sending
 * numbered records at a steady rate while each broker in turn is killed with -9 and started again, then every
 * partition read from the beginning, read_committed. The control is raw kafkajs, one `send()` spanning partitions
 * (what lost records); the others are our publishers, whose batches span partitions too: the quarantine's
 * `RecordPublisher` (idempotent producer) and the ingest's `UsageEventPublisher` (one transaction per batch).
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

/** A sender of numbered records: rejects when the batch must be sent again (the same numbers, as the suite's senders do). */
interface Publisher {
  send(numbers: number[]): Promise<unknown>;
  close(): Promise<void>;
}

/** The control: raw kafkajs, one idempotent `send()` spanning the partitions (one record on each). */
async function rawSendSpanningPartitions(kafka: Kafka, topic: string): Promise<Publisher> {
  const producer: Producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  return {
    send: (numbers) => producer.send({ topic, acks: -1, messages: numbers.map((n) => ({ partition: n % PARTITIONS, key: String(n), value: String(n) })) }),
    close: () => producer.disconnect(),
  };
}

/** Our idempotent path: keyed records (spread by the default partitioner) through the `RecordPublisher`. */
async function recordPublisher(kafka: Kafka, topic: string): Promise<Publisher> {
  const publisher = new RecordPublisher(kafka);
  await publisher.connect();
  return {
    send: (numbers) =>
      publisher.send(
        topic,
        numbers.map((n) => ({ key: String(n), value: String(n) })),
      ),
    close: () => publisher.disconnect(),
  };
}

/** Our transactional path: usage events (keys `gdx:agency-0…6`) through the ingest's `UsageEventPublisher`. */
async function usageEventPublisher(kafka: Kafka, topic: string): Promise<Publisher> {
  const publisher = new UsageEventPublisher(kafka, { topic, transactionalIdPrefix: 'lossprobe', poolSize: 1 });
  await publisher.warmUp();
  return {
    send: (numbers) => publisher.publish(numbers.map((n) => faultEvent('probe', n, 'gdx'))),
    close: () => publisher.disconnect(),
  };
}

/** The record's number: the value itself, or the event id's (`probe-<n>`). */
const numberOf = (value: string): number => (value.startsWith('{') ? Number((JSON.parse(value) as { id: string }).id.split('-')[1]) : Number(value));

/** Numbered records, a batch of six every 100 ms, each batch retried until acknowledged. */
class NumberedSender {
  readonly acked: number[] = [];
  retries = 0;
  stuck = false;
  private next = 0;
  private running = true;
  private readonly loop: Promise<void>;

  constructor(private readonly publisher: Publisher) {
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
      while (
        !(await this.publisher.send(numbers).then(
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
  const seen = new Set(messages.map((message) => numberOf(String(message.value))));
  return { missing: acked.filter((n) => !seen.has(n)), onTopic: messages.length };
}

const SENDERS = { 'raw-spanning': rawSendSpanningPartitions, 'record-publisher': recordPublisher, 'usage-publisher': usageEventPublisher } as const;

describe('acknowledged records around kill -9 of a broker (3 KRaft brokers, replication 3, min.insync.replicas 2)', () => {
  const brokers = new ThreeBrokers();
  let kafka: Kafka;
  const publishers: Publisher[] = [];

  beforeAll(async () => {
    await brokers.up();
    kafka = createKafka(KafkaConfigSchema.parse({ ...process.env, KAFKA_BROKERS: BROKERS.join(','), KAFKA_CLIENT_ID: 'lossprobe' }));
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: Object.keys(SENDERS).map((topic) => ({ topic, numPartitions: PARTITIONS })) });
    await admin.disconnect();
  }, 400_000);

  afterAll(async () => {
    await Promise.all(publishers.map((publisher) => publisher.close().catch(() => undefined)));
    await brokers.destroy();
  }, 120_000);

  it('our publishers lose no acknowledged record through kill -9 of each broker and acknowledge again after it (raw kafkajs: measured)', async () => {
    // Given the three senders at a steady rate, each batch spanning partitions
    const senders = await Promise.all(
      Object.entries(SENDERS).map(async ([topic, open]) => {
        const publisher = await open(kafka, topic);
        publishers.push(publisher);
        return [topic, new NumberedSender(publisher)] as const;
      }),
    );

    // When each broker in turn is killed -9 and started again 10 s later
    for (const broker of [1, 2, 3]) {
      await sleep(4000);
      await brokers.node('kill', broker);
      await sleep(10_000);
      await brokers.node('start', broker);
    }
    const ackedAtLastStart = senders.map(([, sender]) => sender.acked.length);
    await sleep(6000);
    await Promise.all(senders.map(([, sender]) => sender.stop()));

    // Then every record our publishers acknowledged is on its topic, and they acknowledged more after the last restart
    const found = Object.fromEntries(
      await Promise.all(
        senders.map(async ([topic, sender], n) => {
          const after = sender.acked.length - (ackedAtLastStart[n] ?? 0);
          return [
            topic,
            { acked: sender.acked.length, ackedAfterLastStart: after, retries: sender.retries, stuck: sender.stuck, ...(await missing(topic, sender.acked)) },
          ] as const;
        }),
      ),
    );
    console.log(JSON.stringify(found, null, 2));
    for (const ours of ['record-publisher', 'usage-publisher']) {
      expect({ [ours]: found[ours]?.missing }).toEqual({ [ours]: [] });
      expect(found[ours]?.ackedAfterLastStart).toBeGreaterThan(0);
    }
  }, 400_000);
});
