import type { ClickHouseClient } from '@clickhouse/client';
import type { ProjectedCounts } from '@govmetrics/clickhouse';
import { projectedCounts } from '@govmetrics/clickhouse';
import { eventually } from './http';

/** Polls until both aggregates hold at least `events` events (the raw table fills first); returns the last counts seen. */
export function untilAggregated(clickhouse: ClickHouseClient, events: number, timeoutMs: number): Promise<ProjectedCounts> {
  return eventually(
    () => projectedCounts(clickhouse),
    (counts) => counts.hourly >= events && counts.daily >= events,
    timeoutMs,
  );
}
