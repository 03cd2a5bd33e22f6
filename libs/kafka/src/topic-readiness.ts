import type { Admin, Kafka } from 'kafkajs';
import { KafkaUnavailableError, toKafkaError } from './kafka-errors';

/**
 * Whether a topic can be written now: a broker answers its metadata and every partition has a leader (what a
 * transactional send needs first). One admin connection is kept between checks and rebuilt after a failure; it does
 * not retry, so a check answers within the connection timeout.
 */
export class TopicReadinessProbe {
  private admin?: Admin;
  private running?: Promise<void>;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
  ) {}

  /** Resolves when the topic is writable; rejects with a {@link KafkaUnavailableError} saying why not. Callers during a check share it. */
  check(): Promise<void> {
    this.running ??= this.probe().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async probe(): Promise<void> {
    try {
      const admin = await this.connected();
      const { topics } = await admin.fetchTopicMetadata({ topics: [this.topic] });
      const leaderless = (topics[0]?.partitions ?? []).filter((partition) => partition.leader < 0).map((partition) => partition.partitionId);
      if (leaderless.length > 0) throw new KafkaUnavailableError(`${this.topic}: partitions ${leaderless.join(', ')} have no leader`, true);
    } catch (error) {
      await this.close();
      throw error instanceof KafkaUnavailableError ? error : toKafkaError(`metadata of ${this.topic}`, error);
    }
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.disconnect().catch(() => undefined);
  }

  private async connected(): Promise<Admin> {
    if (this.admin) return this.admin;
    const admin = this.kafka.admin({ retry: { retries: 0 } });
    await admin.connect();
    this.admin = admin;
    return admin;
  }
}
