import type { UsageEvent } from '@govmetrics/contracts';
import { usageEventKey } from '@govmetrics/contracts';
import type { Kafka, Producer } from 'kafkajs';
import { CompressionTypes } from 'kafkajs';
import { toKafkaError } from './kafka-errors';

/**
 * Publishes accepted usage events. `publish` resolves only once every in-sync replica has the batch,
 * so a caller that answers after it may promise durability.
 */
export class UsageEventPublisher {
  private readonly producer: Producer;

  constructor(
    kafka: Kafka,
    private readonly topic: string,
  ) {
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  }

  async connect(): Promise<void> {
    try {
      await this.producer.connect();
    } catch (error) {
      throw toKafkaError('producer connect', error);
    }
  }

  async publish(events: readonly UsageEvent[]): Promise<void> {
    if (events.length === 0) return;
    try {
      await this.producer.send({
        topic: this.topic,
        acks: -1,
        compression: CompressionTypes.None,
        messages: events.map((event) => ({ key: usageEventKey(event), value: JSON.stringify(event) })),
      });
    } catch (error) {
      throw toKafkaError(`publish to ${this.topic}`, error);
    }
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }
}
