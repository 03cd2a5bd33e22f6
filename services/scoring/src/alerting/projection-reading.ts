import type { ClickHouseClient } from '@clickhouse/client';
import type { PartitionProgress } from '@govmetrics/foresight';
import { toKafkaError } from '@govmetrics/kafka';
import { readConsumerLag } from '@govmetrics/metrics';
import type { Admin, Kafka } from 'kafkajs';
import { readNewestFolded } from './newest-events.query';

/** What the platform rules are judged on: each platform's newest event in ClickHouse and the projector's progress (null: unreadable). */
export interface ProjectedReading {
  newestEvents: Map<string, string>;
  projector: PartitionProgress[] | null;
}

export interface ProjectorTarget {
  groupId: string;
  topic: string;
}

/**
 * Reads how far the projector has folded the fact stream: its group's lag per partition from the broker, then the newest
 * event per platform and partition from ClickHouse. In that order: a partition found with nothing waiting has all it held
 * in ClickHouse by the query that follows. Lag that cannot be read leaves the progress unknown (the rules then defer).
 */
export class ProjectionReading {
  private admin: Promise<Admin> | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly clickhouse: ClickHouseClient,
    private readonly target: ProjectorTarget,
    private readonly log: (line: string) => void,
  ) {}

  async read(): Promise<ProjectedReading> {
    const lags = await this.lags().catch((error: unknown) => {
      this.log(`projector lag unreadable, platform rules deferred: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    });
    const folded = await readNewestFolded(this.clickhouse);
    const progress = (partition: number, lag: number) => ({ partition, lag, newestFolded: folded.byPartition.get(partition) ?? null });
    // In partition order: the broker answers in any.
    const projector = lags && lags.map(({ partition, lag }) => progress(partition, lag)).sort((a, b) => a.partition - b.partition);
    return { newestEvents: folded.byPlatform, projector };
  }

  async close(): Promise<void> {
    const admin = await this.admin?.catch(() => undefined);
    await admin?.disconnect();
  }

  private async lags(): Promise<{ partition: number; lag: number }[]> {
    try {
      this.admin ??= this.connect();
      return await readConsumerLag(await this.admin, { groupId: this.target.groupId, topics: [this.target.topic] });
    } catch (error) {
      throw toKafkaError('projector lag reading', error);
    }
  }

  /** One admin connection for every round; a failed connect is tried again next round. */
  private connect(): Promise<Admin> {
    const admin = this.kafka.admin();
    return admin.connect().then(
      () => admin,
      (error: unknown) => {
        this.admin = undefined;
        throw error;
      },
    );
  }
}
