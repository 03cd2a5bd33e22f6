import type { Admin, Kafka } from 'kafkajs';
import type { KafkaInstruments } from './kafka.instruments';

export interface ConsumerLagTarget {
  groupId: string;
  topics: readonly string[];
}

/** Lag per partition: end offset minus committed offset, or minus the first offset while the group has committed nothing there. */
export async function readConsumerLag(admin: Admin, { groupId, topics }: ConsumerLagTarget): Promise<{ topic: string; partition: number; lag: number }[]> {
  const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
  const lags = await Promise.all(
    committed.map(async ({ topic, partitions }) => {
      const ends = await admin.fetchTopicOffsets(topic);
      return ends.map(({ partition, high, low }) => {
        const offset = Number(partitions.find((candidate) => candidate.partition === partition)?.offset ?? -1);
        return { topic, partition, lag: Math.max(0, Number(high) - (offset >= 0 ? offset : Number(low))) };
      });
    }),
  );
  return lags.flat();
}

/**
 * Reads a consumer group's lag from the broker every `intervalMs` into the lag gauge: committed offsets against end offsets,
 * so a consumer that stopped committing shows as growing lag even when it holds its partitions. A failed reading is counted and
 * tried again at the next tick.
 */
export class ConsumerLagWatch {
  private timer?: NodeJS.Timeout;
  private reading: Promise<void> = Promise.resolve();

  private constructor(
    private readonly admin: Admin,
    private readonly target: ConsumerLagTarget,
    private readonly instruments: Pick<KafkaInstruments, 'consumerLag' | 'lagReadFailures'>,
  ) {}

  static async start(
    kafka: Kafka,
    target: ConsumerLagTarget,
    instruments: Pick<KafkaInstruments, 'consumerLag' | 'lagReadFailures'>,
    intervalMs: number,
  ): Promise<ConsumerLagWatch> {
    const watch = new ConsumerLagWatch(kafka.admin(), target, instruments);
    await watch.admin.connect();
    watch.timer = setInterval(() => {
      watch.reading = watch.reading.then(() => watch.read());
    }, intervalMs);
    watch.timer.unref();
    return watch;
  }

  /** One reading now; resolves when the gauge holds it. */
  async read(): Promise<void> {
    const { groupId } = this.target;
    try {
      for (const { topic, partition, lag } of await readConsumerLag(this.admin, this.target))
        this.instruments.consumerLag.set({ group: groupId, topic, partition: String(partition) }, lag);
    } catch {
      this.instruments.lagReadFailures.inc({ group: groupId });
    }
  }

  /** Stops reading; a reading in flight is not waited for (against a broker that is down it would retry for seconds) and fails quietly. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.admin.disconnect();
  }
}
