import type { UsageEvent } from '@govmetrics/contracts';
import { usageEventKey } from '@govmetrics/contracts';
import type { Kafka, Message, Producer } from 'kafkajs';
import { CompressionTypes } from 'kafkajs';
import { ACKS_ALL } from './acks';
import { kafkaCall } from './kafka-errors';
import { jsonMessages } from './json-message.publisher';
import { MemoizedDefaultPartitioner } from './memoized-partitioner';

export interface UsageEventPublisherOptions {
  topic: string;
  /** Stable per process (host and port): a restarted process reuses its ids and so aborts what it left open. */
  transactionalIdPrefix: string;
  /** Transactions in flight at once; each needs its own transactional producer. */
  poolSize: number;
  /** How long a transaction left open by a crash can hold back read_committed consumers. */
  transactionTimeoutMs?: number;
}

/** One transactional producer, dropped and rebuilt with the same transactional id after any failure. */
class TransactionalSlot {
  private producer?: Producer;

  constructor(
    private readonly kafka: Kafka,
    private readonly transactionalId: string,
    private readonly transactionTimeoutMs: number,
  ) {}

  async connect(): Promise<void> {
    await this.connected();
  }

  async sendAtomically(topic: string, messages: Message[]): Promise<void> {
    const producer = await this.connected();
    const transaction = await producer.transaction().catch(async (error: unknown) => {
      await this.drop();
      throw error;
    });
    try {
      await transaction.send({ topic, messages, acks: ACKS_ALL, compression: CompressionTypes.None });
      await transaction.commit();
    } catch (error) {
      // A failed abort leaves the producer in an unknown state; a fresh one with the same id fences it.
      await transaction.abort().catch(() => this.drop());
      throw error;
    }
  }

  async drop(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }

  private async connected(): Promise<Producer> {
    if (this.producer) return this.producer;
    const producer = this.kafka.producer({
      transactionalId: this.transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: this.transactionTimeoutMs,
      allowAutoTopicCreation: false,
      createPartitioner: MemoizedDefaultPartitioner,
    });
    try {
      await producer.connect();
    } catch (error) {
      await producer.disconnect().catch(() => undefined);
      throw error;
    }
    this.producer = producer;
    return producer;
  }
}

/**
 * Publishes accepted usage events, one Kafka transaction per call: a batch spread over several partitions
 * becomes visible to read_committed consumers all at once or not at all. `publish` resolves only after the
 * commit, which Kafka acknowledges once every in-sync replica has the batch, so a caller may promise durability.
 */
export class UsageEventPublisher {
  private readonly idle: TransactionalSlot[];
  private readonly waiting: ((slot: TransactionalSlot) => void)[] = [];
  private readonly slots: TransactionalSlot[];

  constructor(
    kafka: Kafka,
    private readonly options: UsageEventPublisherOptions,
  ) {
    this.slots = Array.from(
      { length: options.poolSize },
      (_, n) => new TransactionalSlot(kafka, `${options.transactionalIdPrefix}-${n}`, options.transactionTimeoutMs ?? 15_000),
    );
    this.idle = [...this.slots];
  }

  async publish(events: readonly UsageEvent[]): Promise<void> {
    if (events.length === 0) return;
    const messages = jsonMessages(usageEventKey, events);
    const slot = await this.acquire();
    try {
      await kafkaCall(`publish to ${this.options.topic}`, () => slot.sendAtomically(this.options.topic, messages));
    } finally {
      this.release(slot);
    }
  }

  /** Connects every producer (each registers its transactional id) so that the first requests do not pay for it. */
  async warmUp(): Promise<void> {
    await kafkaCall('producer connect', () => Promise.all(this.slots.map((slot) => slot.connect())));
  }

  async disconnect(): Promise<void> {
    await Promise.all(this.slots.map((slot) => slot.drop()));
  }

  private acquire(): Promise<TransactionalSlot> {
    const slot = this.idle.pop();
    return slot ? Promise.resolve(slot) : new Promise((resolveSlot) => this.waiting.push(resolveSlot));
  }

  private release(slot: TransactionalSlot): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else this.idle.push(slot);
  }
}
