import type { AggregatesChanged } from '@govmetrics/contracts';
import type { BucketFilter } from '@govmetrics/projection';
import { concat, defer, finalize, from, map, type Observable, of, share, timer } from 'rxjs';
import { ReplayLog } from '../stream-replay/replay-log';
import type { StreamEventIds } from '../stream-replay/stream-event-ids';
import { type ReplayGap, replayGap } from '../stream-replay/replay-gap';
import { type LiveAggregateEvent, liveAggregates, type LiveAggregatesOptions } from './live-aggregates';

const keyOf = ({ platform, metric, agency }: BucketFilter): string => JSON.stringify([platform, metric ?? null, agency ?? null]);

/** An aggregate stream's event with the id a reconnecting client names in `Last-Event-ID`. */
export type IdentifiedAggregateEvent = (LiveAggregateEvent | ReplayGap) & { id: string };

export interface ReplayOptions {
  ids: StreamEventIds;
  /** Events each filter holds for reconnecting clients. */
  capacity: number;
  /** How long a filter's watch (and what it holds) outlives its last stream. */
  lingerMs: number;
}

interface Watched {
  events: Observable<IdentifiedAggregateEvent>;
  log: ReplayLog<IdentifiedAggregateEvent>;
}

/**
 * The open aggregate streams of one gateway, shared by filter: every stream with the same platform, metric and agency
 * listens to one watch, so N identical dashboards cost one read per tick, not N. The watch starts with the first
 * stream of its filter and stops `lingerMs` after its last; it holds its newest events, so a client reconnecting with
 * `Last-Event-ID` first gets what it missed, or `replay_gap` when that is no longer held.
 */
export class SharedLiveAggregates {
  private readonly byFilter = new Map<string, Watched>();

  constructor(
    private readonly announcements: Observable<AggregatesChanged>,
    private readonly options: LiveAggregatesOptions,
    private readonly replay: ReplayOptions,
  ) {}

  /** The filter's events from now on; with `lastEventId`, first those after it. Missing and subscribing are one synchronous step. */
  follow(bucketFilter: BucketFilter, lastEventId?: string): Observable<IdentifiedAggregateEvent> {
    return defer(() => {
      const watched = this.watchOf(bucketFilter);
      if (lastEventId === undefined) return watched.events;
      const since = this.replay.ids.sequenceOf(lastEventId);
      const missed = since === undefined ? undefined : watched.log.after(since);
      const resumed: Observable<IdentifiedAggregateEvent> = missed === undefined ? of(this.gap(lastEventId)) : from(missed);
      return concat(resumed, watched.events);
    });
  }

  /** How many distinct filters have a watch running. */
  get watching(): number {
    return this.byFilter.size;
  }

  private gap(lastEventId: string): IdentifiedAggregateEvent {
    return { ...replayGap(lastEventId, 'aggregates'), id: this.replay.ids.idOf(this.replay.ids.current) };
  }

  private watchOf(bucketFilter: BucketFilter): Watched {
    const key = keyOf(bucketFilter);
    const open = this.byFilter.get(key);
    if (open !== undefined) return open;
    const { ids, capacity, lingerMs } = this.replay;
    const log = new ReplayLog<IdentifiedAggregateEvent>(capacity, ids.current);
    const watched: Watched = {
      log,
      events: liveAggregates(this.announcements, bucketFilter, this.options).pipe(
        map((event) => {
          const sequence = ids.next();
          const identified = { ...event, id: ids.idOf(sequence) };
          log.append(sequence, identified);
          return identified;
        }),
        finalize(() => {
          if (this.byFilter.get(key) === watched) this.byFilter.delete(key);
        }),
        share({ resetOnRefCountZero: lingerMs > 0 ? () => timer(lingerMs) : true }),
      ),
    };
    this.byFilter.set(key, watched);
    return watched;
  }
}
