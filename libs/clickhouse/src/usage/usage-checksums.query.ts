import type { ClickHouseClient } from '@clickhouse/client';
import { toClickHouseError } from '../clickhouse-errors';

export interface TableChecksum {
  table: string;
  rows: number;
  /** Order-independent: the wrapping 64-bit sum of one hash per finalized row, as a decimal string. */
  checksum: string;
}

const STATISTICS = `sumMerge(value_sum) AS s, countMerge(event_count) AS c, minMerge(value_min) AS mn, maxMerge(value_max) AS mx,
  argMaxMerge(last_value) AS lv, uniqExactMerge(entities) AS u`;

/**
 * What each checksum covers: aggregates are finalized first (parts not merged yet must not change the
 * figure), raw events without `projected_at` (the wall clock of the projection is not part of the fact).
 */
export const USAGE_CHECKSUM_QUERIES: Readonly<Record<string, string>> = {
  usage_events:
    `SELECT count() AS rows, toString(sum(` +
    `cityHash64(event_id, source, platform, metric, agency, value, entity, dimensions, event_time, kafka_partition, kafka_offset))) ` +
    `AS checksum FROM usage_events`,
  usage_hourly: `SELECT count() AS rows, toString(sum(cityHash64(platform, metric, agency, dimensions, hour, s, c, mn, mx, lv, u))) AS checksum FROM (
    SELECT platform, metric, agency, dimensions, hour, ${STATISTICS} FROM usage_hourly GROUP BY platform, metric, agency, dimensions, hour)`,
  usage_daily: `SELECT count() AS rows, toString(sum(cityHash64(platform, metric, agency, dimensions, day, s, c, mn, mx, lv, u))) AS checksum FROM (
    SELECT platform, metric, agency, dimensions, day, ${STATISTICS} FROM usage_daily GROUP BY platform, metric, agency, dimensions, day)`,
  usage_daily_entities: `SELECT count() AS rows, toString(sum(cityHash64(platform, metric, agency, dimensions, day, u))) AS checksum FROM (
    SELECT platform, metric, agency, dimensions, day, uniqExactIfMerge(entities) AS u
    FROM usage_daily_entities GROUP BY platform, metric, agency, dimensions, day)`,
};

/**
 * A checksum of every table of the usage read model (or of `tables`, those a database of an older schema has); a rebuild
 * from the log must reproduce them all.
 */
export async function queryUsageChecksums(client: ClickHouseClient, tables = Object.keys(USAGE_CHECKSUM_QUERIES)): Promise<TableChecksum[]> {
  const checksums: TableChecksum[] = [];
  for (const [table, query] of Object.entries(USAGE_CHECKSUM_QUERIES).filter(([name]) => tables.includes(name))) {
    try {
      const result = await client.query({ query, format: 'JSONEachRow' });
      const [row] = await result.json<{ rows: number | string; checksum: string }>();
      checksums.push({ table, rows: Number(row?.rows ?? 0), checksum: row?.checksum ?? '0' });
    } catch (error) {
      throw toClickHouseError(`checksum of ${table}`, error);
    }
  }
  return checksums;
}
