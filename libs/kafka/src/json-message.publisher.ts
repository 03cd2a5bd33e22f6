import { traceHeaders } from '@govmetrics/tracing';
import type { Kafka, Message, Producer } from 'kafkajs';
import { ACKS_ALL } from './acks';
import { kafkaCall } from './kafka-errors';
import { PartitionedSender } from './partitioned-send/partitioned-sender';

/**
 * Kafka messages of JSON values; `keyOf` keeps the messages about one thing on one partition, in order. Each carries
 * the active span's W3C trace context (one header value for the whole call), or no header when tracing is off.
 */
export function jsonMessages<T>(keyOf: (message: T) => string, messages: readonly T[]): Message[] {
  const headers = traceHeaders();
  return messages.map((message) => ({ key: keyOf(message), value: JSON.stringify(message), ...(headers && { headers }) }));
}

/**
 * Publishes JSON messages to one topic with an idempotent producer, one `send()` per partition, concurrently;
 * `publish` resolves once every in-sync replica has them all.
 */
export class JsonMessagePublisher<T> {
  private readonly producer: Producer;
  private readonly partitioned: PartitionedSender;

  constructor(
    kafka: Kafka,
    readonly topic: string,
    private readonly keyOf: (message: T) => string,
  ) {
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    this.partitioned = new PartitionedSender(kafka);
  }

  async connect(): Promise<void> {
    await kafkaCall(`producer connect for ${this.topic}`, () => this.producer.connect());
  }

  async publish(...messages: T[]): Promise<void> {
    if (messages.length === 0) return;
    const topicMessages = [{ topic: this.topic, messages: jsonMessages(this.keyOf, messages) }];
    await kafkaCall(`publish to ${this.topic}`, () => this.partitioned.send(this.producer, topicMessages, { acks: ACKS_ALL, inTransaction: false }));
  }

  async disconnect(): Promise<void> {
    await Promise.all([this.producer.disconnect(), this.partitioned.disconnect()]);
  }
}
