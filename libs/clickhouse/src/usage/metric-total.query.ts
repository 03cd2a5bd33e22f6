import type { ClickHouseClient } from '@clickhouse/client';
import { toClickHouseError } from '../clickhouse-errors';
import { sqlString } from '../sql';

export interface MetricTotalFilter {
  platform: string;
  metric: string;
  agency?: string;
  /** Bangkok calendar days, inclusive, `YYYY-MM-DD`. */
  fromDay?: string;
  toDay?: string;
}

export interface MetricTotal {
  total: number;
  events: number;
}

export function metricTotalSql(filter: MetricTotalFilter): string {
  const conditions = [`platform = ${sqlString(filter.platform)}`, `metric = ${sqlString(filter.metric)}`];
  if (filter.agency !== undefined) conditions.push(`agency = ${sqlString(filter.agency)}`);
  if (filter.fromDay !== undefined) conditions.push(`day >= toDate(${sqlString(filter.fromDay)})`);
  if (filter.toDay !== undefined) conditions.push(`day <= toDate(${sqlString(filter.toDay)})`);
  return `SELECT sumMerge(value_sum) AS total, countMerge(event_count) AS events FROM usage_daily WHERE ${conditions.join(' AND ')}`;
}

/** Sum of a metric's values over the daily aggregate, optionally for one agency and a range of days. */
export async function queryMetricTotal(client: ClickHouseClient, filter: MetricTotalFilter): Promise<MetricTotal> {
  try {
    const result = await client.query({ query: metricTotalSql(filter), format: 'JSONEachRow' });
    const [row] = await result.json<{ total: number | string; events: number | string }>();
    return { total: Number(row?.total ?? 0), events: Number(row?.events ?? 0) };
  } catch (error) {
    throw toClickHouseError('metric total query', error);
  }
}

/** A (platform, metric, agency, Bangkok day) bucket of the daily aggregate. */
export interface DailyBucket {
  platform: string;
  metric: string;
  agency: string;
  /** `YYYY-MM-DD`. */
  day: string;
}

export function bucketTotalsSql(buckets: readonly DailyBucket[]): string {
  const tuples = buckets.map(({ platform, metric, agency, day }) => `(${sqlString(platform)}, ${sqlString(metric)}, ${sqlString(agency)}, toDate(${sqlString(day)}))`);
  return (
    `SELECT platform, metric, agency, day, sumMerge(value_sum) AS total, countMerge(event_count) AS events FROM usage_daily ` +
    `WHERE (platform, metric, agency, day) IN (${tuples.join(', ')}) GROUP BY platform, metric, agency, day`
  );
}

/** Each bucket's total and event count over all its dimensions, in one query; a bucket without events has no row. */
export async function queryBucketTotals(client: ClickHouseClient, buckets: readonly DailyBucket[]): Promise<(DailyBucket & MetricTotal)[]> {
  if (buckets.length === 0) return [];
  try {
    const result = await client.query({ query: bucketTotalsSql(buckets), format: 'JSONEachRow' });
    const rows = await result.json<DailyBucket & { total: number | string; events: number | string }>();
    return rows.map((row) => ({ platform: row.platform, metric: row.metric, agency: row.agency, day: row.day, total: Number(row.total), events: Number(row.events) }));
  } catch (error) {
    throw toClickHouseError('bucket totals query', error);
  }
}
