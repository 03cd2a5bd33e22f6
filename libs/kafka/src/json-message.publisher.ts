import type { Kafka, Producer } from 'kafkajs';
import { toKafkaError } from './kafka-errors';

/**
 * Publishes JSON messages to one topic with an idempotent producer; `publish` resolves once every in-sync
 * replica has the message. `keyOf` keeps the messages about one thing on one partition, in order.
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
    try {
      await this.producer.connect();
    } catch (error) {
      throw toKafkaError(`producer connect for ${this.topic}`, error);
    }
  }

  async publish(message: T): Promise<void> {
    try {
      await this.producer.send({ topic: this.topic, acks: -1, messages: [{ key: this.keyOf(message), value: JSON.stringify(message) }] });
    } catch (error) {
      throw toKafkaError(`publish to ${this.topic}`, error);
    }
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }
}
