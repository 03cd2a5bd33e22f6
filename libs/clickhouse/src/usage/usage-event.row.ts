import type { ProjectedEvent } from '@govmetrics/projection';

export const USAGE_EVENT_COLUMNS =
  'event_id, source, platform, metric, agency, value, entity, dimensions, event_time, kafka_partition, kafka_offset, projected_at';

/** One row of `usage_events` and of its staging table: the projected event under the table's column names, its types inferred from it. */
export function toUsageEventRow(event: ProjectedEvent, projectedAt: Date) {
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

export type UsageEventRow = ReturnType<typeof toUsageEventRow>;
