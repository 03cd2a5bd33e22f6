import { Controller, Get, Headers, Inject, type MessageEvent, Query, Req, Sse } from '@nestjs/common';
import type { AttainmentBoardAnswer, AttainmentQuery, KpiAttainment } from '@govmetrics/contracts';
import { AttainmentQuerySchema, AttainmentStreamQuerySchema } from '@govmetrics/contracts';
import { filter, map, type Observable } from 'rxjs';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { parseQuery } from '../parse-query';
import { withHeartbeats } from '../server-sent-events';
import { limitedStream } from '../stream-limits/limited-stream';
import { StreamSlots } from '../stream-limits/stream-slots';
import { StreamEventIds } from '../stream-replay/stream-event-ids';
import { AttainmentFeed, type AttainmentStreamItem } from './attainment.feed';

const matches =
  ({ catalog, scorecard }: AttainmentQuery) =>
  ({ snapshot }: KpiAttainment): boolean =>
    (catalog === undefined || snapshot.catalogId === catalog) && (scorecard === undefined || snapshot.scorecardId === scorecard);

const toMessage = (item: AttainmentStreamItem): MessageEvent =>
  'attainment' in item ? { id: item.id, type: 'attainment', data: item.attainment } : { id: item.id, type: item.type, data: item.data };

/** KPI attainment for operators: each scorecard's newest snapshot, once or as a live stream. */
@Controller('v1/attainment')
export class AttainmentHttpController {
  constructor(
    private readonly feed: AttainmentFeed,
    private readonly slots: StreamSlots,
    private readonly ids: StreamEventIds,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** Each scorecard's newest snapshot (`kpi-attainment.v1`), optionally of one catalog or scorecard. */
  @Get()
  latest(@Query() query: unknown): AttainmentBoardAnswer {
    return { snapshots: this.feed.current().filter(matches(parseQuery(AttainmentQuerySchema, query))) };
  }

  /**
   * Server-sent events: first each scorecard's newest snapshot, then every newer one as the scoring service records it
   * (`event: attainment`, `id: <gateway>-<sequence>`), with a heartbeat while nothing moves. With `Last-Event-ID` (or `last_event_id=`), the
   * snapshots the client missed instead of the board (`replay_gap` and the board when they are no longer held).
   * Counts against the client's open streams, like the aggregate streams.
   */
  @Sse('stream')
  stream(@Query() query: unknown, @Req() request: { ip: string }, @Headers('last-event-id') lastEventId?: string): Observable<MessageEvent> {
    const { last_event_id, ...board } = parseQuery(AttainmentStreamQuerySchema, query);
    const wanted = matches(board);
    return limitedStream(this.slots, request.ip, () => {
      const items = this.feed.follow(lastEventId ?? last_event_id).pipe(
        filter((item) => !('attainment' in item) || wanted(item.attainment)),
        map(toMessage),
      );
      return withHeartbeats(items, this.config.GATEWAY_HEARTBEAT_MS, () => this.ids.idOf(this.ids.current));
    });
  }
}
