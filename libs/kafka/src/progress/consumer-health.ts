import type { Admin, Kafka } from 'kafkajs';
import { lagOf, type PartitionOffsets, type PartitionProgress, stalledPartitions, trackProgress } from './consumer-stall';

/** topic → the partitions this member holds (kafkajs' member assignment); undefined while it is not a consuming member. */
export type HeldPartitions = Readonly<Record<string, readonly number[]>>;

export interface ConsumerHealthOptions {
  kafka: Kafka;
  groupId: string;
  held: () => HeldPartitions | undefined;
  /** How long records may wait with the commit unmoved before the consumer is not ready (CONSUMER_STALL_MS). */
  stallMs: number;
  now?: () => number;
}

export interface ConsumerReadiness {
  ready: boolean;
  /** Why not, for an operator: not consuming, offsets unreadable, or which partitions stalled. */
  reason?: string;
  partitions: { topic: string; partition: number; lag: string; waitingMs: number }[];
}

/**
 * Whether a consumer makes progress: samples its held partitions' committed and end offsets every few seconds and
 * answers with {@link stalledPartitions}. A member that holds nothing (it idles beside busier replicas) is ready.
 */
export class ConsumerHealth {
  private readonly admin: Admin;
  private readonly now: () => number;
  private progress: PartitionProgress[] = [];
  private lastSampleAt: number;
  private sampleError?: string;
  private timer?: NodeJS.Timeout;

  constructor(private readonly options: ConsumerHealthOptions) {
    this.admin = options.kafka.admin();
    this.now = options.now ?? Date.now;
    this.lastSampleAt = this.now();
  }

  async start(): Promise<void> {
    await this.admin.connect();
    await this.sample();
    const every = Math.max(100, Math.min(5000, Math.floor(this.options.stallMs / 3)));
    this.timer = setInterval(() => void this.sample(), every);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.admin.disconnect();
  }

  readiness(): ConsumerReadiness {
    const now = this.now();
    const partitions = this.progress.map((p) => ({ topic: p.topic, partition: p.partition, lag: String(lagOf(p)), waitingMs: now - p.waitingSince }));
    if (this.options.held() === undefined) return { ready: false, reason: 'not a consuming member of its group', partitions };
    if (this.sampleError !== undefined && now - this.lastSampleAt >= this.options.stallMs)
      return { ready: false, reason: `offsets unreadable for ${now - this.lastSampleAt} ms: ${this.sampleError}`, partitions };
    const stalled = stalledPartitions(this.progress, now, this.options.stallMs);
    if (stalled.length === 0) return { ready: true, partitions };
    const named = stalled.map((p) => `${p.topic}/${p.partition} (lag ${lagOf(p)})`).join(', ');
    return { ready: false, reason: `stalled: commit unmoved for ${this.options.stallMs} ms or more with records waiting on ${named}`, partitions };
  }

  private async sample(): Promise<void> {
    const held = this.options.held() ?? {};
    try {
      const sample = (await Promise.all(Object.entries(held).map(([topic, partitions]) => this.offsetsOf(topic, partitions)))).flat();
      this.lastSampleAt = this.now();
      this.progress = trackProgress(this.progress, sample, this.lastSampleAt);
      this.sampleError = undefined;
    } catch (error) {
      this.sampleError = error instanceof Error ? error.message : String(error);
    }
  }

  /** A partition never committed counts from its first offset: the group consumes from the beginning. */
  private async offsetsOf(topic: string, partitions: readonly number[]): Promise<PartitionOffsets[]> {
    const [committed, ends] = await Promise.all([
      this.admin.fetchOffsets({ groupId: this.options.groupId, topics: [topic] }),
      this.admin.fetchTopicOffsets(topic),
    ]);
    const commits = committed[0]?.partitions ?? [];
    return partitions.map((partition) => {
      const end = ends.find((entry) => entry.partition === partition);
      const commit = BigInt(commits.find((entry) => entry.partition === partition)?.offset ?? '-1');
      const low = BigInt(end?.low ?? '0');
      return { topic, partition, committed: commit < 0n ? low : commit, end: BigInt(end?.high ?? '0') };
    });
  }
}
