import type { AggregatesChanged, AggregateUpdate } from '@govmetrics/contracts';
import type { Bucket, BucketFilter, BucketReading } from '@govmetrics/projection';
import { AggregateWatch } from '@govmetrics/projection';
import { catchError, defer, EMPTY, exhaustMap, filter, from, ignoreElements, interval, merge, mergeMap, type Observable, tap } from 'rxjs';

export interface LiveAggregatesOptions {
  /** The current total and event count of each bucket; a bucket without events may be left out. */
  read: (buckets: Bucket[]) => Promise<BucketReading[]>;
  tickMs: number;
  /** Told when a read failed; its buckets are read again at the next tick. */
  onReadFailure: (error: unknown) => void;
}

/**
 * One stream's updates: the buckets announced since the last tick are read together, one read at a time (a tick that
 * comes while a read runs is skipped, its buckets wait for the next), so a later update never carries an older value.
 */
export function liveAggregates(announcements: Observable<AggregatesChanged>, bucketFilter: BucketFilter, options: LiveAggregatesOptions): Observable<AggregateUpdate> {
  return defer(() => {
    const watch = new AggregateWatch(bucketFilter);
    const noted = announcements.pipe(
      tap((announcement) => watch.note(announcement)),
      ignoreElements(),
    );
    const updates = interval(options.tickMs).pipe(
      filter(() => watch.hasPending),
      exhaustMap(() => {
        const drained = watch.drain();
        return from(options.read(drained.map((pending) => pending.bucket))).pipe(
          mergeMap((readings) => watch.updates(drained, readings)),
          catchError((error: unknown) => {
            watch.restore(drained);
            options.onReadFailure(error);
            return EMPTY;
          }),
        );
      }),
    );
    return merge(noted, updates);
  });
}
