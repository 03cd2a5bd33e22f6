import type { ClickHouseClient } from '@clickhouse/client';
import { toClickHouseError } from '../clickhouse-errors';
import { NonFiniteAggregateError } from '../kpi/non-finite-aggregate';
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

/**
 * A sum is selected as text: ClickHouse's JSON renders inf and nan as `null`, which would read as 0. `Number` reads the
 * text `inf`, `-inf` or `nan` as NaN, so a non-finite sum stays visible to `Number.isFinite`.
 */
const SUM_AS_TEXT = 'toString(sumMerge(value_sum)) AS total';

export function metricTotalSql(filter: MetricTotalFilter): string {
  const conditions = [`platform = ${sqlString(filter.platform)}`, `metric = ${sqlString(filter.metric)}`];
  if (filter.agency !== undefined) conditions.push(`agency = ${sqlString(filter.agency)}`);
  if (filter.fromDay !== undefined) conditions.push(`day >= toDate(${sqlString(filter.fromDay)})`);
  if (filter.toDay !== undefined) conditions.push(`day <= toDate(${sqlString(filter.toDay)})`);
  return `SELECT ${SUM_AS_TEXT}, countMerge(event_count) AS events FROM usage_daily WHERE ${conditions.join(' AND ')}`;
}

/**
 * Sum of a metric's values over the daily aggregate, optionally for one agency and a range of days.
 * @throws NonFiniteAggregateError when the sum is not a finite number (never answered as 0)
 */
export async function queryMetricTotal(client: ClickHouseClient, filter: MetricTotalFilter): Promise<MetricTotal> {
  let row: { total: string; events: number | string } | undefined;
  try {
    const result = await client.query({ query: metricTotalSql(filter), format: 'JSONEachRow' });
    [row] = await result.json<{ total: string; events: number | string }>();
  } catch (error) {
    throw toClickHouseError('metric total query', error);
  }
  const total = Number(row?.total ?? 0);
  if (!Number.isFinite(total)) {
    const selection = {
      platform: filter.platform,
      metric: filter.metric,
      agencies: filter.agency === undefined ? null : [filter.agency],
      fromDay: filter.fromDay ?? null,
      toDay: filter.toDay ?? null,
    };
    throw new NonFiniteAggregateError(selection, String(row?.total));
  }
  return { total, events: Number(row?.events ?? 0) };
}

/** A (platform, metric, agency, Bangkok day) bucket of the daily aggregate. */
export interface DailyBucket {
  platform: string;
  metric: string;
  agency: string;
  /** `YYYY-MM-DD`. */
  day: string;
}

/** Buckets per query: 500 tuples stay far below ClickHouse's `max_query_size` (256 KiB) whatever their codes' lengths. */
export const BUCKETS_PER_QUERY = 500;

export function bucketTotalsSql(buckets: readonly DailyBucket[]): string {
  const tuples = buckets.map(
    ({ platform, metric, agency, day }) => `(${sqlString(platform)}, ${sqlString(metric)}, ${sqlString(agency)}, toDate(${sqlString(day)}))`,
  );
  return (
    `SELECT platform, metric, agency, day, ${SUM_AS_TEXT}, countMerge(event_count) AS events FROM usage_daily ` +
    `WHERE (platform, metric, agency, day) IN (${tuples.join(', ')}) GROUP BY platform, metric, agency, day`
  );
}

async function queryBucketChunk(client: ClickHouseClient, buckets: readonly DailyBucket[]): Promise<(DailyBucket & MetricTotal)[]> {
  try {
    const result = await client.query({ query: bucketTotalsSql(buckets), format: 'JSONEachRow' });
    const rows = await result.json<DailyBucket & { total: string; events: number | string }>();
    return rows.map((row) => ({
      platform: row.platform,
      metric: row.metric,
      agency: row.agency,
      day: row.day,
      total: Number(row.total),
      events: Number(row.events),
    }));
  } catch (error) {
    throw toClickHouseError(`bucket totals query (${buckets.length} buckets)`, error);
  }
}

/**
 * Each bucket's total and event count over all its dimensions, `BUCKETS_PER_QUERY` buckets per query, one query after
 * another; a bucket without events has no row. A sum that is not finite is NaN: the caller decides what to say instead.
 */
export async function queryBucketTotals(client: ClickHouseClient, buckets: readonly DailyBucket[]): Promise<(DailyBucket & MetricTotal)[]> {
  const totals: (DailyBucket & MetricTotal)[] = [];
  for (let start = 0; start < buckets.length; start += BUCKETS_PER_QUERY)
    totals.push(...(await queryBucketChunk(client, buckets.slice(start, start + BUCKETS_PER_QUERY))));
  return totals;
}
