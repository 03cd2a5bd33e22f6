import { QUARANTINE_HEADERS } from '@govmetrics/contracts';
import type { IHeaders, Kafka, KafkaMessage, Message, Producer } from 'kafkajs';
import { ACKS_ALL } from '../acks';
import { toKafkaError } from '../kafka-errors';
import { PartitionedSender } from '../partitioned-send/partitioned-sender';
import type { TopicSpec } from '../topic-bootstrap';

/** Kept forever, like the topic its records came from: a platform can always find out what was set aside. */
export const quarantineTopic = (topic: string): TopicSpec => ({ topic, partitions: 3 });

export const QUARANTINE_MESSAGE_CHARS = 1000;

export interface QuarantineReason {
  /** Rule-like code: `invalid_json`, `clickhouse_cannot_parse_escape_sequence`, … */
  reason: string;
  message: string;
}

/**
 * The quarantined record: key, value and headers unchanged, plus why, who and where from (`QUARANTINE_HEADERS`).
 * Its timestamp is the moment it was quarantined; the original's stays at its source offset.
 */
export function quarantineRecord(original: KafkaMessage, from: { topic: string; partition: number }, why: QuarantineReason, consumer: string): Message {
  const headers: IHeaders = {
    ...original.headers,
    [QUARANTINE_HEADERS.reason]: why.reason,
    [QUARANTINE_HEADERS.message]: why.message.slice(0, QUARANTINE_MESSAGE_CHARS),
    [QUARANTINE_HEADERS.consumer]: consumer,
    [QUARANTINE_HEADERS.sourceTopic]: from.topic,
    [QUARANTINE_HEADERS.sourcePartition]: String(from.partition),
    [QUARANTINE_HEADERS.sourceOffset]: original.offset,
  };
  return { key: original.key, value: original.value, headers };
}

/**
 * Produces whole records (key, value, headers as given) with an idempotent producer, one `send()` per partition;
 * `send` resolves once every in-sync replica has them all. Quarantining and replaying both move records verbatim.
 */
export class RecordPublisher {
  private readonly producer: Producer;
  private readonly partitioned: PartitionedSender;

  constructor(kafka: Kafka) {
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    this.partitioned = new PartitionedSender(kafka);
  }

  async connect(): Promise<void> {
    try {
      await this.producer.connect();
    } catch (error) {
      throw toKafkaError('record producer connect', error);
    }
  }

  async send(topic: string, messages: Message[]): Promise<void> {
    if (messages.length === 0) return;
    try {
      await this.partitioned.send(this.producer, [{ topic, messages }], { acks: ACKS_ALL, inTransaction: false });
    } catch (error) {
      throw toKafkaError(`produce ${messages.length} records to ${topic}`, error);
    }
  }

  async disconnect(): Promise<void> {
    await Promise.all([this.producer.disconnect(), this.partitioned.disconnect()]);
  }
}
