import { traceHeaders } from '@govmetrics/tracing';
import type { Kafka, Message, Producer } from 'kafkajs';
import { ACKS_ALL } from './acks';
import { kafkaCall } from './kafka-errors';

/**
 * Kafka messages of JSON values; `keyOf` keeps the messages about one thing on one partition, in order. Each carries
 * the active span's W3C trace context (one header value for the whole call), or no header when tracing is off.
 */
export function jsonMessages<T>(keyOf: (message: T) => string, messages: readonly T[]): Message[] {
  const headers = traceHeaders();
  return messages.map((message) => ({ key: keyOf(message), value: JSON.stringify(message), ...(headers && { headers }) }));
}

/**
 * Publishes JSON messages to one topic with an idempotent producer. Several messages go in one produce request:
 * one acknowledged round trip however many there are; `publish` resolves once every in-sync replica has them.
 */
export class JsonMessagePublisher<T> {
  private readonly producer: Producer;

  constructor(
    kafka: Kafka,
    readonly topic: string,
    private readonly keyOf: (message: T) => string,
  ) {
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  }

  async connect(): Promise<void> {
    await kafkaCall(`producer connect for ${this.topic}`, () => this.producer.connect());
  }

  async publish(...messages: T[]): Promise<void> {
    if (messages.length === 0) return;
    await kafkaCall(`publish to ${this.topic}`, () => this.producer.send({ topic: this.topic, acks: ACKS_ALL, messages: jsonMessages(this.keyOf, messages) }));
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }
}
