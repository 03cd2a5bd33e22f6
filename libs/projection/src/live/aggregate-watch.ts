import type { AggregatesChanged, AggregateStreamFault, AggregateUpdate } from '@govmetrics/contracts';
import { type Bucket, bucketKey } from '../touched-buckets';

/** Which buckets a watcher follows: one platform, optionally one metric and one agency. */
export interface BucketFilter {
  platform: string;
  metric?: string;
  agency?: string;
}

/** Where an announcement came from in the log, and when the projector made it. */
export type AnnouncementPosition = AggregateUpdate['announcement'];

/** A bucket waiting to be read, with the newest announcement that touched it. */
export interface PendingBucket {
  bucket: Bucket;
  announcement: AnnouncementPosition;
}

/** A bucket's daily total and event count as the read model holds them; a total that overflowed is not finite (NaN, ±Infinity). */
export interface BucketReading extends Bucket {
  total: number;
  events: number;
}

export const matchesBucket =
  ({ platform, metric, agency }: BucketFilter) =>
  (bucket: Bucket): boolean =>
    bucket.platform === platform && (metric === undefined || bucket.metric === metric) && (agency === undefined || bucket.agency === agency);

/**
 * Within one partition the higher offset is newer. Announcements of one bucket share a partition (events are keyed by
 * platform:agency), so across partitions (a repartitioned topic) the one that arrived later is taken as newer.
 */
const isNewer = (candidate: AnnouncementPosition, held: AnnouncementPosition): boolean =>
  candidate.topic !== held.topic || candidate.partition !== held.partition || BigInt(candidate.lastOffset) > BigInt(held.lastOffset);

/** Each drained bucket the read found, with its reading. */
function matched(drained: readonly PendingBucket[], readings: readonly BucketReading[]): (PendingBucket & { reading: BucketReading })[] {
  const byKey = new Map(readings.map((reading) => [bucketKey(reading), reading]));
  return drained.flatMap((pending) => {
    const reading = byKey.get(bucketKey(pending.bucket));
    return reading === undefined ? [] : [{ ...pending, reading }];
  });
}

/**
 * One live watcher of aggregate buckets: one filter, shared by every stream of that filter. Announcements are noted as
 * they arrive; each tick the pending buckets are drained, read once, and turned into updates. Coalescing: however many
 * announcements touched a bucket between two ticks, it is read and sent once, tagged with the newest of them.
 * Monotonicity: a bucket's event count only grows (events are counted once and never removed), so a reading with no
 * more events than the one last sent is older or equal and is not sent.
 */
export class AggregateWatch {
  private readonly pending = new Map<string, PendingBucket>();
  private readonly sentEvents = new Map<string, number>();
  private readonly matches: (bucket: Bucket) => boolean;

  constructor(filter: BucketFilter) {
    this.matches = matchesBucket(filter);
  }

  /** Notes the announcement's buckets this watcher follows; true when there was one. */
  note(announcement: AggregatesChanged): boolean {
    const { touched, ...position } = announcement;
    const matching = touched.filter(this.matches);
    for (const bucket of matching) this.hold({ bucket, announcement: position });
    return matching.length > 0;
  }

  get hasPending(): boolean {
    return this.pending.size > 0;
  }

  /** Takes every pending bucket out, each once, with the newest announcement that touched it. */
  drain(): PendingBucket[] {
    const drained = [...this.pending.values()];
    this.pending.clear();
    return drained;
  }

  /** Puts drained buckets back after a failed read; a bucket announced again meanwhile keeps that newer announcement. */
  restore(drained: readonly PendingBucket[]): void {
    for (const entry of drained) if (!this.pending.has(bucketKey(entry.bucket))) this.pending.set(bucketKey(entry.bucket), entry);
  }

  /**
   * The updates to send for drained buckets and what the read found: only buckets with a finite total and more events
   * than last sent (a bucket the read did not find has none yet). Remembers what it returns as sent.
   */
  updates(drained: readonly PendingBucket[], readings: readonly BucketReading[]): AggregateUpdate[] {
    const updates: AggregateUpdate[] = [];
    for (const { bucket, announcement, reading } of matched(drained, readings)) {
      const key = bucketKey(bucket);
      if (!Number.isFinite(reading.total) || reading.events <= (this.sentEvents.get(key) ?? 0)) continue;
      this.sentEvents.set(key, reading.events);
      updates.push({ ...bucket, total: reading.total, events: reading.events, announcement });
    }
    return updates;
  }

  /**
   * The drained buckets whose total is not a finite number (a sum that overflowed): said as such, never as a total. Not
   * remembered, so each later announcement of the bucket says it again.
   */
  faults(drained: readonly PendingBucket[], readings: readonly BucketReading[]): AggregateStreamFault[] {
    return matched(drained, readings)
      .filter(({ reading }) => !Number.isFinite(reading.total))
      .map(({ bucket, announcement, reading }) => ({
        error: 'non_finite_aggregate',
        message: `the sum of ${bucket.platform}/${bucket.metric} for ${bucket.agency} on ${bucket.day} is not a finite number (${reading.events} events)`,
        ...bucket,
        events: reading.events,
        announcement,
      }));
  }

  private hold(entry: PendingBucket): void {
    const key = bucketKey(entry.bucket);
    const held = this.pending.get(key);
    if (held === undefined || isNewer(entry.announcement, held.announcement)) this.pending.set(key, entry);
  }
}
