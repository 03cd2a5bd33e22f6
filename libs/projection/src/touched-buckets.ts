import { bangkokDay } from '@govmetrics/contracts';
import type { ProjectedEvent } from './projected-event';

/** A (platform, metric, agency, Bangkok day) bucket of the daily aggregate. */
export interface Bucket {
  platform: string;
  metric: string;
  agency: string;
  day: string;
}

/** One string per bucket, for maps and sets. */
export const bucketKey = (bucket: Bucket): string => `${bucket.platform}\u0000${bucket.metric}\u0000${bucket.agency}\u0000${bucket.day}`;

/**
 * The daily buckets a batch may have changed, each once, in a stable order. Every event of the batch
 * counts, duplicates included: a batch replayed after a crash wrote nothing new, yet its first attempt may
 * have died before announcing, so announcing too much is the safe side.
 */
export function touchedBuckets(events: readonly ProjectedEvent[]): Bucket[] {
  const buckets = new Map<string, Bucket>();
  for (const event of events) {
    const bucket = { platform: event.platform, metric: event.metric, agency: event.agency, day: bangkokDay(event.eventTime * 1000) };
    buckets.set(bucketKey(bucket), bucket);
  }
  return [...buckets.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, bucket]) => bucket);
}
