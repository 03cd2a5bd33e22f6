import type { ClickHouseClient } from '@clickhouse/client';
import { toClickHouseError } from '@govmetrics/clickhouse';

export interface ReadModelFreshness {
  /** Unix seconds; null while the read model is empty. */
  newestEventTime: number | null;
  newestProjectedAt: number | null;
  events: number;
  projectedRecently: number;
}

/** One scan of two columns of `usage_events`: the newest event and write times, and how many events were written lately. */
export async function readFreshness(clickhouse: ClickHouseClient, recentSeconds: number): Promise<ReadModelFreshness> {
  try {
    const result = await clickhouse.query({
      query: `SELECT count() AS events, toUnixTimestamp(max(event_time)) AS newest_event, toUnixTimestamp(max(projected_at)) AS newest_write,
                     countIf(projected_at >= now() - ${Math.trunc(recentSeconds)}) AS recent FROM usage_events`,
      format: 'JSONEachRow',
    });
    const [row] = await result.json<Record<'events' | 'newest_event' | 'newest_write' | 'recent', string | number>>();
    const events = Number(row?.events ?? 0);
    // max() over no rows is 1970-01-01: an empty table has no newest event.
    const when = (seconds: string | number | undefined) => (events === 0 ? null : Number(seconds));
    return { newestEventTime: when(row?.newest_event), newestProjectedAt: when(row?.newest_write), events, projectedRecently: Number(row?.recent ?? 0) };
  } catch (error) {
    throw toClickHouseError('read model freshness query', error);
  }
}
