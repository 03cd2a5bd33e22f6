import type { ClickHouseClient } from '@clickhouse/client';
import { toClickHouseError } from '@govmetrics/clickhouse';

/** Each platform's newest event time in the read model (ISO instants), by platform: what silence is judged on. */
export async function readNewestEvents(clickhouse: ClickHouseClient): Promise<Map<string, string>> {
  try {
    const result = await clickhouse.query({
      query: 'SELECT platform, toUnixTimestamp(max(event_time)) AS newest FROM usage_events GROUP BY platform',
      format: 'JSONEachRow',
    });
    const rows = await result.json<{ platform: string; newest: string | number }>();
    return new Map(rows.map((row) => [row.platform, new Date(Number(row.newest) * 1000).toISOString()]));
  } catch (error) {
    throw toClickHouseError('newest event per platform query', error);
  }
}
