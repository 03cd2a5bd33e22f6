import type { UsageEvent } from '@govmetrics/contracts';

/** Where in the log an event was read from. */
export interface LogPosition {
  partition: number;
  offset: string;
}

/** One row of `usage_events`. */
export interface UsageEventRow {
  event_id: string;
  source: string;
  platform: string;
  metric: string;
  agency: string;
  value: number;
  entity: string;
  /** Canonical JSON (keys sorted) so equal dimension sets group together. */
  dimensions: string;
  event_time: number;
  kafka_partition: number;
  kafka_offset: string;
  projected_at: number;
}

const canonicalDimensions = (dimensions: Record<string, string> = {}): string =>
  JSON.stringify(Object.fromEntries(Object.entries(dimensions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));

const unixSeconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

export function toUsageEventRow(event: UsageEvent, position: LogPosition, projectedAt: Date): UsageEventRow {
  return {
    event_id: event.id,
    source: event.source,
    platform: event.data.platform,
    metric: event.data.metric,
    agency: event.data.agency,
    value: event.data.value,
    entity: event.data.entity ?? '',
    dimensions: canonicalDimensions(event.data.dimensions),
    event_time: unixSeconds(event.time),
    kafka_partition: position.partition,
    kafka_offset: position.offset,
    projected_at: Math.floor(projectedAt.getTime() / 1000),
  };
}
