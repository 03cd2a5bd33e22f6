import type { AggregatesChanged, AggregateStreamFault, AggregateUpdate } from '@govmetrics/contracts';
import type { Bucket, BucketFilter, BucketReading } from '@govmetrics/projection';
import { AggregateWatch } from '@govmetrics/projection';
import { catchError, defer, EMPTY, endWith, exhaustMap, filter, from, ignoreElements, interval, merge, mergeMap, type Observable, takeUntil, tap } from 'rxjs';

export interface LiveAggregatesOptions {
  /** The current total and event count of each bucket; a bucket without events may be left out. */
  read: (buckets: Bucket[]) => Promise<BucketReading[]>;
  tickMs: number;
  /** Told when a read failed; its buckets are read again at the next tick. */
  onReadFailure: (error: unknown) => void;
}

/** What an aggregate stream sends: a bucket's new value, or that its sum is not a finite number. */
export type LiveAggregateEvent = { type: 'aggregate'; data: AggregateUpdate } | { type: 'aggregate_error'; data: AggregateStreamFault };

function eventsOf(watch: AggregateWatch, drained: ReturnType<AggregateWatch['drain']>, readings: readonly BucketReading[]): LiveAggregateEvent[] {
  const faults = watch.faults(drained, readings).map((data): LiveAggregateEvent => ({ type: 'aggregate_error', data }));
  return [...watch.updates(drained, readings).map((data): LiveAggregateEvent => ({ type: 'aggregate', data })), ...faults];
}

/**
 * One filter's events: the buckets announced since the last tick are read together, one read at a time (a tick that
 * comes while a read runs is skipped, its buckets wait for the next), so a later update never carries an older value.
 * It ends when the announcements end (the gateway stops), so no tick outlives the feed.
 */
export function liveAggregates(
  announcements: Observable<AggregatesChanged>,
  bucketFilter: BucketFilter,
  options: LiveAggregatesOptions,
): Observable<LiveAggregateEvent> {
  return defer(() => {
    const watch = new AggregateWatch(bucketFilter);
    const noted = announcements.pipe(
      tap((announcement) => watch.note(announcement)),
      ignoreElements(),
    );
    const events = interval(options.tickMs).pipe(
      filter(() => watch.hasPending),
      exhaustMap(() => {
        const drained = watch.drain();
        return from(options.read(drained.map((pending) => pending.bucket))).pipe(
          mergeMap((readings) => eventsOf(watch, drained, readings)),
          catchError((error: unknown) => {
            watch.restore(drained);
            options.onReadFailure(error);
            return EMPTY;
          }),
        );
      }),
    );
    return merge(noted, events).pipe(takeUntil(announcements.pipe(ignoreElements(), endWith(null))));
  });
}
