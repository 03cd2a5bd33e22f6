import { lagOf, type PartitionOffsets, stalledPartitions, trackProgress } from './consumer-stall';

const offsets = (partition: number, committed: number, end: number): PartitionOffsets => ({
  topic: 'usage.events.v1',
  partition,
  committed: BigInt(committed),
  end: BigInt(end),
});
const STALL_MS = 30_000;

describe(stalledPartitions.name, () => {
  it('is not stalled while the committed offset keeps moving, however large the lag', () => {
    // Given a partition whose commit moves every sample while records keep arriving faster
    let progress = trackProgress([], [offsets(0, 0, 1000)], 0);
    progress = trackProgress(progress, [offsets(0, 100, 5000)], 20_000);
    progress = trackProgress(progress, [offsets(0, 200, 9000)], 40_000);
    // Then it is never stalled
    expect(stalledPartitions(progress, 40_000, STALL_MS)).toEqual([]);
  });

  it('is stalled once records wait and the commit has not moved for the bound, and names the partition', () => {
    // Given partition 1 progresses while partition 2 stops committing with records waiting
    let progress = trackProgress([], [offsets(1, 10, 10), offsets(2, 50, 60)], 0);
    progress = trackProgress(progress, [offsets(1, 10, 10), offsets(2, 50, 80)], 29_999);
    expect(stalledPartitions(progress, 29_999, STALL_MS)).toEqual([]);
    // When the bound passes
    progress = trackProgress(progress, [offsets(1, 10, 10), offsets(2, 50, 90)], 30_000);
    // Then only partition 2 is stalled, with its lag
    const stalled = stalledPartitions(progress, 30_000, STALL_MS);
    expect(stalled.map((partition) => [partition.partition, lagOf(partition)])).toEqual([[2, 40n]]);
  });

  it('is never stalled while idle: no lag, however long the commit stays put', () => {
    let progress = trackProgress([], [offsets(0, 500, 500)], 0);
    progress = trackProgress(progress, [offsets(0, 500, 500)], 3_600_000);
    expect(stalledPartitions(progress, 3_600_000, STALL_MS)).toEqual([]);
  });

  it('counts the wait from when records started waiting, not from the last idle commit', () => {
    // Given an idle partition for an hour, then records arrive and the commit does not move
    let progress = trackProgress([], [offsets(0, 500, 500)], 0);
    progress = trackProgress(progress, [offsets(0, 500, 500)], 3_600_000);
    progress = trackProgress(progress, [offsets(0, 500, 520)], 3_610_000);
    // Then it is not stalled until the bound has passed since it was last idle
    expect(stalledPartitions(progress, 3_610_000, STALL_MS)).toEqual([]);
    expect(stalledPartitions(progress, 3_630_000, STALL_MS)).toHaveLength(1);
  });

  it('recovers as soon as the commit moves again', () => {
    let progress = trackProgress([], [offsets(0, 0, 100)], 0);
    progress = trackProgress(progress, [offsets(0, 0, 200)], 60_000);
    expect(stalledPartitions(progress, 60_000, STALL_MS)).toHaveLength(1);
    progress = trackProgress(progress, [offsets(0, 150, 200)], 61_000);
    expect(stalledPartitions(progress, 61_000, STALL_MS)).toEqual([]);
  });

  it('starts the clock of a newly assigned partition when it is first seen, and forgets partitions handed away', () => {
    // Given partition 0 stalled, then a rebalance takes it away and assigns partition 3 with a backlog
    let progress = trackProgress([], [offsets(0, 0, 100)], 0);
    progress = trackProgress(progress, [offsets(3, 0, 100)], 60_000);
    // Then neither is stalled: 0 is not held, 3 has only just been given
    expect(progress.map((partition) => partition.partition)).toEqual([3]);
    expect(stalledPartitions(progress, 60_000, STALL_MS)).toEqual([]);
  });
});
