import { Controller, Inject, Logger, type MessageEvent, Query, Sse } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import { queryBucketTotals } from '@govmetrics/clickhouse';
import { AggregateStreamQuerySchema } from '@govmetrics/contracts';
import { map, type Observable } from 'rxjs';
import { CLICKHOUSE, GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { parseQuery } from '../parse-query';
import { withHeartbeats } from '../server-sent-events';
import { AggregateAnnouncementsFeed } from './aggregate-announcements.feed';
import { liveAggregates } from './live-aggregates';

@Controller('v1/aggregates')
export class AggregateStreamHttpController {
  private readonly logger = new Logger(AggregateStreamHttpController.name);

  constructor(
    private readonly announcements: AggregateAnnouncementsFeed,
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouseClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /**
   * Server-sent events: for every daily bucket of the platform (and metric, agency) the projector announces as changed,
   * `event: aggregate` with its current total and event count and the announcement's log position, coalesced per tick.
   */
  @Sse('stream')
  stream(@Query() query: unknown): Observable<MessageEvent> {
    const updates = liveAggregates(this.announcements.follow(), parseQuery(AggregateStreamQuerySchema, query), {
      read: (buckets) => queryBucketTotals(this.clickhouse, buckets),
      tickMs: this.config.GATEWAY_AGGREGATE_TICK_MS,
      onReadFailure: (error) => this.logger.warn(`aggregate stream read failed, retrying at the next tick: ${String(error)}`),
    });
    return withHeartbeats(updates.pipe(map((update): MessageEvent => ({ type: 'aggregate', data: update }))), this.config.GATEWAY_HEARTBEAT_MS);
  }
}
