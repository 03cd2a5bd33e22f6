import type { AggregatesChanged } from '@govmetrics/contracts';
import type { Kafka, Producer } from 'kafkajs';
import { toKafkaError } from './kafka-errors';

/**
 * Announces aggregate buckets a projected batch changed. Keyed by source partition so one partition's
 * announcements stay in order; resolves once every in-sync replica has it.
 */
export class AggregatesChangedPublisher {
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
      throw toKafkaError('aggregates-changed producer connect', error);
    }
  }

  /** Several changes go in one produce request: one acknowledged round trip however many chunks a batch announces. */
  async publish(...changes: AggregatesChanged[]): Promise<void> {
    if (changes.length === 0) return;
    try {
      await this.producer.send({ topic: this.topic, acks: -1, messages: changes.map((change) => ({ key: `${change.topic}:${change.partition}`, value: JSON.stringify(change) })) });
    } catch (error) {
      throw toKafkaError(`publish to ${this.topic}`, error);
    }
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }
}
