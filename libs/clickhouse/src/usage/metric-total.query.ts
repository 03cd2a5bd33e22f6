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
