import type { Admin, Kafka, PartitionMetadata } from 'kafkajs';
import { KafkaJSError } from 'kafkajs';

/** As long as kafkajs keeps a producer's metadata (`metadataMaxAge`): a topic given more partitions is followed as soon. */
const MAX_AGE_MS = 300_000;

/**
 * The partitions of each topic a publisher writes to, read with its credentials through an admin client of its own
 * and kept for {@link MAX_AGE_MS}, so that keys are spread over the partition count the producer itself would see.
 */
export class TopicPartitions {
  private admin?: Promise<Admin>;
  private readonly known = new Map<string, { partitions: PartitionMetadata[]; until: number }>();

  constructor(private readonly kafka: Kafka) {}

  /** The partitions of `topics`, read again for those not known or known too long; rejects when one has none. */
  async of(topics: readonly string[]): Promise<(topic: string) => PartitionMetadata[]> {
    const now = Date.now();
    const stale = [...new Set(topics)].filter((topic) => (this.known.get(topic)?.until ?? 0) <= now);
    if (stale.length > 0) {
      const { topics: described } = await (await this.connected()).fetchTopicMetadata({ topics: stale });
      for (const { name, partitions } of described) this.known.set(name, { partitions, until: now + MAX_AGE_MS });
    }
    const unknown = topics.find((topic) => !this.known.get(topic)?.partitions.length);
    if (unknown !== undefined) throw new KafkaJSError(`No partitions known for topic ${unknown}`, { retriable: true });
    return (topic) => this.known.get(topic)?.partitions ?? [];
  }

  /** After a failed send: the next one reads the partitions again, in case they changed. */
  forget(): void {
    this.known.clear();
  }

  async disconnect(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await (await admin?.catch(() => undefined))?.disconnect();
  }

  private connected(): Promise<Admin> {
    this.admin ??= this.connect();
    return this.admin;
  }

  private async connect(): Promise<Admin> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      return admin;
    } catch (error) {
      // Not remembered: the next send connects afresh.
      this.admin = undefined;
      await admin.disconnect().catch(() => undefined);
      throw error;
    }
  }
}
