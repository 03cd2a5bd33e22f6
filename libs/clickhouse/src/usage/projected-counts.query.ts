import type { ClickHouseClient } from '@clickhouse/client';
import { toClickHouseError } from '../clickhouse-errors';

/** How many events each table of the usage read model holds. */
export interface ProjectedCounts {
  raw: number;
  hourly: number;
  daily: number;
}

/**
 * Counts the events in `usage_events` and in both aggregates. ClickHouse writes each block to the table and only
 * then to its materialized views, so a fold's raw rows are visible a moment before its aggregate rows: whoever
 * waits to read aggregates must wait on these counts, not on the raw table.
 */
export async function projectedCounts(client: ClickHouseClient): Promise<ProjectedCounts> {
  try {
    const result = await client.query({
      query: `SELECT (SELECT count() FROM usage_events) AS raw, (SELECT countMerge(event_count) FROM usage_hourly) AS hourly,
                     (SELECT countMerge(event_count) FROM usage_daily) AS daily`,
      format: 'JSONEachRow',
    });
    const [row] = await result.json<Record<keyof ProjectedCounts, string | number>>();
    return { raw: Number(row?.raw ?? 0), hourly: Number(row?.hourly ?? 0), daily: Number(row?.daily ?? 0) };
  } catch (error) {
    throw toClickHouseError('projected counts query', error);
  }
}
