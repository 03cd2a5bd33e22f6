import { Inject, Injectable } from '@nestjs/common';
import type { KpiAttainment } from '@govmetrics/contracts';
import { KpiAttainmentSchema } from '@govmetrics/contracts';
import { kpiAttainmentTopic } from '@govmetrics/kafka';
import { AttainmentBoard } from '@govmetrics/scoring';
import { concat, defer, from, type Observable, of, Subject } from 'rxjs';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { ReplayLog } from '../stream-replay/replay-log';
import { type ReplayGap, replayGap } from '../stream-replay/replay-gap';
import { STREAM_REPLAY_CONFIG, type StreamReplayConfig } from '../stream-replay/stream-replay.config';
import { StreamEventIds } from '../stream-replay/stream-event-ids';
import { type FeedSubscription, TopicFeed } from '../topic-feed';

/** A snapshot as the stream sends it, with the id a reconnecting client names in `Last-Event-ID`. */
export interface IdentifiedAttainment {
  id: string;
  attainment: KpiAttainment;
}

export type AttainmentStreamItem = IdentifiedAttainment | (ReplayGap & { id: string });

/**
 * The gateway's live view of `kpi.attainment.v1`: the whole topic is read at start (snapshots are few: one per
 * changed score), folded into a board of each scorecard's newest snapshot, and every newer snapshot is pushed
 * to the open streams and held (the newest `GATEWAY_REPLAY_EVENTS`) for clients that reconnect.
 */
@Injectable()
export class AttainmentFeed extends TopicFeed {
  private readonly board = new AttainmentBoard();
  /** Each ledger stream's newest snapshot by the sequence it was given. */
  private readonly newest = new Map<string, { sequence: number; identified: IdentifiedAttainment }>();
  private readonly news = new Subject<IdentifiedAttainment>();
  private readonly log: ReplayLog<IdentifiedAttainment>;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(STREAM_REPLAY_CONFIG) replay: StreamReplayConfig,
    private readonly ids: StreamEventIds,
  ) {
    super();
    this.log = new ReplayLog(replay.GATEWAY_REPLAY_EVENTS, ids.current);
  }

  // The gateway may start before the scoring service: an operator then sees an empty board, not an error.
  protected subscription(): FeedSubscription {
    const spec = kpiAttainmentTopic(this.config.KPI_ATTAINMENT_TOPIC);
    const take = this.jsonRecords(spec.topic, KpiAttainmentSchema, (attainment) => this.take(attainment));
    return { kafka: this.config, spec, groupPrefix: 'gateway-attainment', from: 'beginning', take };
  }

  protected override stopped(): void {
    this.news.complete();
  }

  current(): KpiAttainment[] {
    return this.board.current();
  }

  /**
   * The board as it stands (in the order the snapshots came), then every newer snapshot; with `lastEventId`, the snapshots after it instead of the board,
   * or `replay_gap` and the board when they are no longer held. Taking either and subscribing are one synchronous step,
   * so no snapshot can fall between them.
   */
  follow(lastEventId?: string): Observable<AttainmentStreamItem> {
    return defer(() => {
      const since = this.ids.sequenceOf(lastEventId);
      const missed = since === undefined ? undefined : this.log.after(since);
      if (missed !== undefined) return concat(from(missed), this.news);
      // In the order they came, so ids rise along the stream and the last one a client saw is where it stood.
      const board = [...this.newest.values()].sort((a, b) => a.sequence - b.sequence).map((entry) => entry.identified);
      const gap: AttainmentStreamItem[] = lastEventId === undefined ? [] : [{ ...replayGap(lastEventId, 'attainment'), id: this.ids.idOf(this.ids.current) }];
      return concat(of(...gap), from(board), this.news);
    });
  }

  private take(attainment: KpiAttainment): void {
    if (!this.board.accept(attainment)) return;
    const sequence = this.ids.next();
    const identified = { id: this.ids.idOf(sequence), attainment };
    this.newest.set(attainment.ledger.stream, { sequence, identified });
    this.log.append(sequence, identified);
    this.news.next(identified);
  }
}
