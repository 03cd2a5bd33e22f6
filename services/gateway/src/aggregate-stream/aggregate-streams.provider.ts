import { Logger, type Provider } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import { queryBucketTotals } from '@govmetrics/clickhouse';
import { CLICKHOUSE, GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { AggregateAnnouncementsFeed } from './aggregate-announcements.feed';
import type { LiveAggregatesOptions } from './live-aggregates';
import { SharedLiveAggregates } from './shared-live-aggregates';

/** The port the aggregate streams read buckets through: ClickHouse's daily aggregate. */
export const BUCKET_READER = Symbol('BucketReader');

export const BucketReaderProvider: Provider = {
  provide: BUCKET_READER,
  inject: [CLICKHOUSE],
  useFactory:
    (clickhouse: ClickHouseClient): LiveAggregatesOptions['read'] =>
    (buckets) =>
      queryBucketTotals(clickhouse, buckets),
};

/** The gateway's one set of aggregate watches, shared by every open stream. */
export const AggregateStreamsProvider: Provider = {
  provide: SharedLiveAggregates,
  inject: [AggregateAnnouncementsFeed, BUCKET_READER, GATEWAY_CONFIG],
  useFactory: (announcements: AggregateAnnouncementsFeed, read: LiveAggregatesOptions['read'], config: GatewayConfig) => {
    const logger = new Logger(SharedLiveAggregates.name);
    return new SharedLiveAggregates(announcements.follow(), {
      read,
      tickMs: config.GATEWAY_AGGREGATE_TICK_MS,
      onReadFailure: (error) => logger.warn(`aggregate stream read failed, retrying at the next tick: ${String(error)}`),
    });
  },
};
