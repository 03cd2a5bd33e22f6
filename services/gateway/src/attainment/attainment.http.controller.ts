import { Controller, Get, Inject, type MessageEvent, Query, Req, Sse } from '@nestjs/common';
import type { AttainmentBoardAnswer, AttainmentQuery, KpiAttainment } from '@govmetrics/contracts';
import { AttainmentQuerySchema } from '@govmetrics/contracts';
import { filter, map, type Observable } from 'rxjs';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { parseQuery } from '../parse-query';
import { withHeartbeats } from '../server-sent-events';
import { limitedStream } from '../stream-limits/limited-stream';
import { StreamSlots } from '../stream-limits/stream-slots';
import { AttainmentFeed } from './attainment.feed';

const matches =
  ({ catalog, scorecard }: AttainmentQuery) =>
  ({ snapshot }: KpiAttainment): boolean =>
    (catalog === undefined || snapshot.catalogId === catalog) && (scorecard === undefined || snapshot.scorecardId === scorecard);

/** KPI attainment for operators: each scorecard's newest snapshot, once or as a live stream. */
@Controller('v1/attainment')
export class AttainmentHttpController {
  constructor(
    private readonly feed: AttainmentFeed,
    private readonly slots: StreamSlots,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** Each scorecard's newest snapshot (`kpi-attainment.v1`), optionally of one catalog or scorecard. */
  @Get()
  latest(@Query() query: unknown): AttainmentBoardAnswer {
    return { snapshots: this.feed.current().filter(matches(parseQuery(AttainmentQuerySchema, query))) };
  }

  /**
   * Server-sent events: first each scorecard's newest snapshot, then every newer one as the scoring service
   * records it (`event: attainment`, `id: <ledger stream>@<revision>`), with a heartbeat while nothing moves.
   * Counts against the client's open streams, like the aggregate streams.
   */
  @Sse('stream')
  stream(@Query() query: unknown, @Req() request: { ip: string }): Observable<MessageEvent> {
    const wanted = matches(parseQuery(AttainmentQuerySchema, query));
    return limitedStream(this.slots, request.ip, () => {
      const snapshots = this.feed.follow().pipe(
        filter(wanted),
        map((attainment): MessageEvent => ({ id: `${attainment.ledger.stream}@${attainment.ledger.revision}`, type: 'attainment', data: attainment })),
      );
      return withHeartbeats(snapshots, this.config.GATEWAY_HEARTBEAT_MS);
    });
  }
}
