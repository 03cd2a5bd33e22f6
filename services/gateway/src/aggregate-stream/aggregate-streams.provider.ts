import { Logger, type Provider } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import { queryBucketTotals } from '@govmetrics/clickhouse';
import { CLICKHOUSE, GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { STREAM_REPLAY_CONFIG, type StreamReplayConfig } from '../stream-replay/stream-replay.config';
import { StreamEventIds } from '../stream-replay/stream-event-ids';
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
  inject: [AggregateAnnouncementsFeed, BUCKET_READER, GATEWAY_CONFIG, STREAM_REPLAY_CONFIG, StreamEventIds],
  useFactory: (
    announcements: AggregateAnnouncementsFeed,
    read: LiveAggregatesOptions['read'],
    config: GatewayConfig,
    replay: StreamReplayConfig,
    ids: StreamEventIds,
  ) => {
    const logger = new Logger(SharedLiveAggregates.name);
    const options: LiveAggregatesOptions = {
      read,
      tickMs: config.GATEWAY_AGGREGATE_TICK_MS,
      onReadFailure: (error) => logger.warn(`aggregate stream read failed, retrying at the next tick: ${String(error)}`),
    };
    return new SharedLiveAggregates(announcements.follow(), options, {
      ids,
      capacity: replay.GATEWAY_REPLAY_EVENTS,
      lingerMs: replay.GATEWAY_REPLAY_LINGER_MS,
    });
  },
};
