import type { AggregatesChanged } from '@govmetrics/contracts';
import type { BucketFilter } from '@govmetrics/projection';
import { finalize, type Observable, share } from 'rxjs';
import { type LiveAggregateEvent, liveAggregates, type LiveAggregatesOptions } from './live-aggregates';

const keyOf = ({ platform, metric, agency }: BucketFilter): string => JSON.stringify([platform, metric ?? null, agency ?? null]);

/**
 * The open aggregate streams of one gateway, shared by filter: every stream with the same platform, metric and agency
 * listens to one watch, so N identical dashboards cost one read per tick, not N. The watch starts with the first
 * stream of its filter and stops with the last; a stream that joins later gets what changes after it joined.
 */
export class SharedLiveAggregates {
  private readonly byFilter = new Map<string, Observable<LiveAggregateEvent>>();

  constructor(
    private readonly announcements: Observable<AggregatesChanged>,
    private readonly options: LiveAggregatesOptions,
  ) {}

  follow(bucketFilter: BucketFilter): Observable<LiveAggregateEvent> {
    const key = keyOf(bucketFilter);
    const open = this.byFilter.get(key);
    if (open !== undefined) return open;
    const shared: Observable<LiveAggregateEvent> = liveAggregates(this.announcements, bucketFilter, this.options).pipe(
      finalize(() => {
        if (this.byFilter.get(key) === shared) this.byFilter.delete(key);
      }),
      share(),
    );
    this.byFilter.set(key, shared);
    return shared;
  }

  /** How many distinct filters have a watch running. */
  get watching(): number {
    return this.byFilter.size;
  }
}
