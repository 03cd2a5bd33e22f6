import type { PartitionProgress } from './alert-inputs';

/**
 * The projector's low watermark: the instant up to which every partition of the fact stream is in ClickHouse, the
 * oldest "caught-up-to" point across partitions (ISO instant, never after `reference`). A partition with nothing left
 * to fold is caught up to `reference`; one with records waiting, to the newest event time it folded, since a partition
 * carries each platform-and-agency key's events in the order they were sent. Unknown (null) when the progress could not
 * be read, or a waiting partition has folded nothing yet.
 */
export function projectorWatermark(partitions: readonly PartitionProgress[] | null, reference: string): string | null {
  if (partitions === null || partitions.length === 0) return null;
  let lowest = Date.parse(reference);
  for (const { lag, newestFolded } of partitions) {
    if (lag === 0) continue;
    if (newestFolded === null) return null;
    lowest = Math.min(lowest, Date.parse(newestFolded));
  }
  return new Date(lowest).toISOString();
}
