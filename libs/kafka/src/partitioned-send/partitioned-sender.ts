import type { CompressionTypes, Kafka, ProducerRecord, TopicMessages } from 'kafkajs';
import { MemoizedDefaultPartitioner } from '../memoized-partitioner';
import { groupByPartition, type PartitionMessages } from './partition-groups';
import { TopicPartitions } from './topic-partitions';

/** A producer, or one of its transactions. */
export interface RecordSender {
  send(record: ProducerRecord): Promise<unknown>;
}

export interface PartitionedSendOptions {
  acks: number;
  compression?: CompressionTypes;
  /** Partitions go one after another inside a transaction (docs/faults.md says why), concurrently on a plain producer. */
  inTransaction: boolean;
}

/** Waits for every send, then rejects with the first failure: a caller retrying the batch never overlaps this attempt. */
async function settleAll(sends: Promise<unknown>[]): Promise<void> {
  const failed = (await Promise.allSettled(sends)).find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}

/**
 * Sends records with one kafkajs `send()` per topic partition, each message on the partition kafkajs's default
 * partitioner gives its key (the same as before, so per-key order and the fold's partition-to-shard rule hold).
 * kafkajs 2.2.4 can resolve a `send()` spanning partitions without writing a partition whose leader moved during it
 * to a broker that had already answered (docs/faults.md, "Acknowledged events lost around broker kills"); a `send()`
 * with one partition retries to wherever that partition moved.
 */
export class PartitionedSender {
  private readonly partitioner = MemoizedDefaultPartitioner();
  private readonly partitions: TopicPartitions;

  constructor(kafka: Kafka) {
    this.partitions = new TopicPartitions(kafka);
  }

  /** Resolves once every partition's `send()` resolved; rejects with the first failure once all have settled. */
  async send(sender: RecordSender, topicMessages: readonly TopicMessages[], options: PartitionedSendOptions): Promise<void> {
    const partitionsOf = await this.partitions.of(topicMessages.filter(({ messages }) => messages.length > 0).map(({ topic }) => topic));
    const groups = groupByPartition(topicMessages, partitionsOf, this.partitioner);
    const sendOne = ({ topic, messages }: PartitionMessages) => sender.send({ topic, messages, acks: options.acks, compression: options.compression });
    try {
      if (!options.inTransaction) await settleAll(groups.map(sendOne));
      else for (const group of groups) await sendOne(group);
    } catch (error) {
      this.partitions.forget();
      throw error;
    }
  }

  async disconnect(): Promise<void> {
    await this.partitions.disconnect();
  }
}
