import type { ProjectedEvent } from '@govmetrics/projection';

/** One row of `usage_events` and of its staging table. */
export interface UsageEventRow {
  event_id: string;
  source: string;
  platform: string;
  metric: string;
  agency: string;
  value: number;
  entity: string;
  dimensions: string;
  event_time: number;
  kafka_partition: number;
  kafka_offset: string;
  projected_at: number;
}

export const USAGE_EVENT_COLUMNS =
  'event_id, source, platform, metric, agency, value, entity, dimensions, event_time, kafka_partition, kafka_offset, projected_at';

export function toUsageEventRow(event: ProjectedEvent, projectedAt: Date): UsageEventRow {
  return {
    event_id: event.eventId,
    source: event.source,
    platform: event.platform,
    metric: event.metric,
    agency: event.agency,
    value: event.value,
    entity: event.entity,
    dimensions: event.dimensions,
    event_time: event.eventTime,
    kafka_partition: event.partition,
    kafka_offset: event.offset,
    projected_at: Math.floor(projectedAt.getTime() / 1000),
  };
}
