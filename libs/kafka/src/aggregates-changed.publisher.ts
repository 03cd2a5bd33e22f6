import type { AggregatesChanged } from '@govmetrics/contracts';
import type { AggregatesAnnouncer } from '@govmetrics/projection';
import type { Kafka } from 'kafkajs';
import { JsonMessagePublisher } from './json-message.publisher';

/** Keyed by source partition, so that one partition's announcements stay in order. */
export const aggregatesChangedKey = (change: AggregatesChanged): string => `${change.topic}:${change.partition}`;

/** The projector's {@link AggregatesAnnouncer} on Kafka. */
export class AggregatesChangedPublisher extends JsonMessagePublisher<AggregatesChanged> implements AggregatesAnnouncer {
  constructor(kafka: Kafka, topic: string) {
    super(kafka, topic, aggregatesChangedKey);
  }
}
