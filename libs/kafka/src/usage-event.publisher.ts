import type { UsageEvent, VerdictSummary } from '@govmetrics/contracts';
import { TOPICS, usageEventKey, verdictSummaryKey } from '@govmetrics/contracts';
import type { Kafka, Producer, TopicMessages } from 'kafkajs';
import { CompressionTypes } from 'kafkajs';
import { ACKS_ALL } from './acks';
import { kafkaCall } from './kafka-errors';
import { jsonMessages } from './json-message.publisher';
import { MemoizedDefaultPartitioner } from './memoized-partitioner';
import { PartitionedSender } from './partitioned-send/partitioned-sender';

export interface UsageEventPublisherOptions {
  topic: string;
  /** Where a batch's verdict summary goes, in the batch's transaction; `usage.verdicts.v1` unless set. */
  verdictsTopic?: string;
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
    private readonly partitioned: PartitionedSender,
    private readonly transactionalId: string,
    private readonly transactionTimeoutMs: number,
  ) {}

  async connect(): Promise<void> {
    await this.connected();
  }

  async sendAtomically(topicMessages: TopicMessages[]): Promise<void> {
    const producer = await this.connected();
    const transaction = await producer.transaction().catch(async (error: unknown) => {
      await this.drop();
      throw error;
    });
    try {
      await this.partitioned.send(transaction, topicMessages, { acks: ACKS_ALL, compression: CompressionTypes.None, inTransaction: true });
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
  private readonly partitioned: PartitionedSender;

  constructor(
    kafka: Kafka,
    private readonly options: UsageEventPublisherOptions,
  ) {
    this.partitioned = new PartitionedSender(kafka);
    this.slots = Array.from(
      { length: options.poolSize },
      (_, n) => new TransactionalSlot(kafka, this.partitioned, `${options.transactionalIdPrefix}-${n}`, options.transactionTimeoutMs ?? 15_000),
    );
    this.idle = [...this.slots];
  }

  /**
   * Nothing when there is no event: a summary alone is not worth a transaction (the caller sends it plainly). With
   * events, the summary commits with them, so a batch's counts appear exactly when its events do.
   */
  async publish(events: readonly UsageEvent[], summary?: VerdictSummary): Promise<void> {
    if (events.length === 0) return;
    const topicMessages = [{ topic: this.options.topic, messages: jsonMessages(usageEventKey, events) }];
    if (summary) topicMessages.push({ topic: this.options.verdictsTopic ?? TOPICS.verdicts, messages: jsonMessages(verdictSummaryKey, [summary]) });
    const slot = await this.acquire();
    try {
      await kafkaCall(`publish to ${this.options.topic}`, () => slot.sendAtomically(topicMessages));
    } finally {
      this.release(slot);
    }
  }

  /** Connects every producer (each registers its transactional id) so that the first requests do not pay for it. */
  async warmUp(): Promise<void> {
    await kafkaCall('producer connect', () => Promise.all(this.slots.map((slot) => slot.connect())));
  }

  async disconnect(): Promise<void> {
    await Promise.all([...this.slots.map((slot) => slot.drop()), this.partitioned.disconnect()]);
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
