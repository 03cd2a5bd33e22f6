/** One partition a consumer holds, as sampled: its group's committed offset and the partition's end (high watermark). */
export interface PartitionOffsets {
  topic: string;
  partition: number;
  committed: bigint;
  end: bigint;
}

/** A partition's offsets, and since when it has been waiting: the last time its commit moved or it had nothing to do. */
export interface PartitionProgress extends PartitionOffsets {
  waitingSince: number;
}

const sameSlot = (a: PartitionOffsets, b: PartitionOffsets) => a.topic === b.topic && a.partition === b.partition;

/** Records left to consume; never negative (a commit can run ahead of a stale end offset). */
export const lagOf = (offsets: PartitionOffsets): bigint => (offsets.end > offsets.committed ? offsets.end - offsets.committed : 0n);

/**
 * Folds a new sample of the held partitions into their progress (pure). A partition's clock restarts when its
 * committed offset moved or its lag is 0; a partition seen for the first time starts its clock at `at`.
 * Partitions no longer held drop out.
 */
export function trackProgress(previous: readonly PartitionProgress[], sample: readonly PartitionOffsets[], at: number): PartitionProgress[] {
  return sample.map((offsets) => {
    const before = previous.find((known) => sameSlot(known, offsets));
    const moved = before === undefined || before.committed !== offsets.committed || lagOf(offsets) === 0n;
    return { ...offsets, waitingSince: moved ? at : before.waitingSince };
  });
}

/**
 * The partitions that are stalled at `now`: records are waiting (lag > 0) and the committed offset has not moved for
 * `stallMs` or longer. An idle partition (lag 0) is never stalled, however long nothing arrives.
 */
export const stalledPartitions = (progress: readonly PartitionProgress[], now: number, stallMs: number): PartitionProgress[] =>
  progress.filter((partition) => lagOf(partition) > 0n && now - partition.waitingSince >= stallMs);
