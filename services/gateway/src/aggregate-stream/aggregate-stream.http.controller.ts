import { Controller, Headers, Inject, type MessageEvent, Query, Req, Sse } from '@nestjs/common';
import { AggregateStreamQuerySchema } from '@govmetrics/contracts';
import type { Observable } from 'rxjs';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { parseQuery } from '../parse-query';
import { withHeartbeats } from '../server-sent-events';
import { limitedStream } from '../stream-limits/limited-stream';
import { StreamSlots } from '../stream-limits/stream-slots';
import { StreamEventIds } from '../stream-replay/stream-event-ids';
import { SharedLiveAggregates } from './shared-live-aggregates';

@Controller('v1/aggregates')
export class AggregateStreamHttpController {
  constructor(
    private readonly streams: SharedLiveAggregates,
    private readonly slots: StreamSlots,
    private readonly ids: StreamEventIds,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /**
   * Server-sent events: for every daily bucket of the platform (and metric, agency) the projector announces as changed,
   * `event: aggregate` with its current total and event count and the announcement's log position, coalesced per tick
   * (`event: aggregate_error` instead when its sum is not finite). Streams with the same filter share one read per tick.
   * With `Last-Event-ID` (or `last_event_id=`), first the events the client missed, or `event: replay_gap` when they are no longer held.
   */
  @Sse('stream')
  stream(@Query() query: unknown, @Req() request: { ip: string }, @Headers('last-event-id') lastEventId?: string): Observable<MessageEvent> {
    const { platform, metric, agency, last_event_id } = parseQuery(AggregateStreamQuerySchema, query);
    const events = this.streams.follow({ platform, metric, agency }, lastEventId ?? last_event_id);
    return limitedStream(this.slots, request.ip, () => withHeartbeats(events, this.config.GATEWAY_HEARTBEAT_MS, () => this.ids.idOf(this.ids.current)));
  }
}
