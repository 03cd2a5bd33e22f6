import { usageEventKey } from '@govmetrics/contracts';
import type { Validation } from '@govmetrics/ingestion';
import type { Consumer, EachBatchPayload, Kafka, Message, Producer } from 'kafkajs';
import { deadLetter } from './dead-letter';
import { toKafkaError } from './kafka-errors';

export interface RawIntakeRelayOptions {
  rawTopic: string;
  acceptedTopic: string;
  deadLetterTopic: string;
  groupId: string;
  /** Stable across restarts: the new incarnation fences the old one and aborts its open transaction. */
  transactionalId: string;
  /** Judges one message value; must never throw (poison messages are verdicts, not exceptions). */
  judge: (value: Buffer | null) => Validation;
}

/**
 * Consume-transform-produce from the raw topic: each fetched batch's accepted events, dead letters and the
 * consumer offsets go into one Kafka transaction. A crash before the commit leaves nothing visible to
 * read_committed readers and the offsets where they were, so the batch is judged again: no loss, no double.
 */
export class RawIntakeRelay {
  private readonly consumer: Consumer;
  private producer?: Producer;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: RawIntakeRelayOptions,
  ) {
    this.consumer = kafka.consumer({ groupId: options.groupId, readUncommitted: false });
  }

  async start(): Promise<void> {
    try {
      await this.connectedProducer();
      await this.consumer.connect();
      await this.consumer.subscribe({ topic: this.options.rawTopic, fromBeginning: true });
      await this.consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (payload) => this.relay(payload) });
    } catch (error) {
      throw toKafkaError('raw intake start', error);
    }
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
    await this.producer?.disconnect();
  }

  private async relay(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    if (batch.messages.length === 0 || !payload.isRunning() || payload.isStale()) return;
    const accepted: Message[] = [];
    const deadLetters: Message[] = [];
    for (const message of batch.messages) {
      const verdict = this.options.judge(message.value);
      if (verdict.valid) accepted.push({ key: usageEventKey(verdict.event), value: JSON.stringify(verdict.event), timestamp: message.timestamp });
      else deadLetters.push(deadLetter(message, batch, verdict.errors));
    }
    const producer = await this.connectedProducer();
    const transaction = await producer.transaction().catch(async (error: unknown) => {
      await this.dropProducer();
      throw toKafkaError(`relay ${batch.topic}[${batch.partition}]`, error);
    });
    try {
      await transaction.sendBatch({
        topicMessages: [
          { topic: this.options.acceptedTopic, messages: accepted },
          { topic: this.options.deadLetterTopic, messages: deadLetters },
        ].filter((entry) => entry.messages.length > 0),
      });
      const next = (BigInt(batch.lastOffset()) + 1n).toString();
      await transaction.sendOffsets({
        consumerGroupId: this.options.groupId,
        topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] }],
      });
      await transaction.commit();
    } catch (error) {
      // Throwing makes kafkajs fetch the batch again from the committed offset; drop a producer that could not abort.
      await transaction.abort().catch(() => this.dropProducer());
      throw toKafkaError(`relay ${batch.topic}[${batch.partition}]`, error);
    }
    payload.resolveOffset(batch.lastOffset());
    await payload.heartbeat();
  }

  private async connectedProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    const producer = this.kafka.producer({ transactionalId: this.options.transactionalId, idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    this.producer = producer;
    return producer;
  }

  private async dropProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }
}
