import type { MetricQuery, Statistic } from '@govmetrics/scoring';
import { ClickHouseError } from '../clickhouse-errors';
import { sqlString } from '../sql';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The Bangkok day of a raw event, as the daily materialized view computes it. */
const RAW_DAY = "toDate(toTimeZone(event_time, 'Asia/Bangkok'))";

/** Each statistic as `value` beside the number of matching `events`, which tells "no data" from a zero. */
function selectStatistic(statistic: Statistic, where: (day: string) => string): string {
  switch (statistic) {
    case 'sum':
      return `SELECT sumMerge(value_sum) AS value, countMerge(event_count) AS events FROM usage_daily WHERE ${where('day')}`;
    case 'count':
      return `SELECT countMerge(event_count) AS value, countMerge(event_count) AS events FROM usage_daily WHERE ${where('day')}`;
    case 'average':
      return `SELECT sumMerge(value_sum) / countMerge(event_count) AS value, countMerge(event_count) AS events FROM usage_daily WHERE ${where('day')}`;
    case 'latest':
      // A gauge's latest value is per agency (each reports its own level); the selection's level is their sum.
      return `SELECT sum(latest) AS value, sum(agency_events) AS events FROM (
                SELECT agency, argMaxMerge(last_value) AS latest, countMerge(event_count) AS agency_events
                FROM usage_daily WHERE ${where('day')} GROUP BY agency)`;
    case 'distinct':
      // The daily state counts the '' stored for events without an entity as one more entity, and a merged
      // uniqExact state cannot drop it; the raw events can. Duplicated rows do not change a distinct count.
      return `SELECT uniqExactIf(entity, entity != '') AS value, count() AS events FROM usage_events WHERE ${where(RAW_DAY)}`;
    case 'agencies':
      return `SELECT uniqExact(agency) AS value, countMerge(event_count) AS events FROM usage_daily WHERE ${where('day')}`;
  }
}

/**
 * The SELECT that answers a metric query over `usage_daily`, or `null` when the query selects no agency at all.
 * Dimensions are canonical JSON; 18.16 has no JSONExtract, and visitParam* cannot be fooled by a value that
 * contains `"key":` because JSON escapes every quote inside a value.
 */
export function aggregateQuerySql(query: MetricQuery): string | null {
  for (const field of ['fromDay', 'toDay'] as const) {
    if (!DAY.test(query[field])) throw new ClickHouseError(`metric query: ${field} must be a day as YYYY-MM-DD, got "${query[field]}"`, false);
  }
  if (query.agencies?.length === 0) return null;
  const conditions = [`platform = ${sqlString(query.platform)}`, `metric = ${sqlString(query.metric)}`];
  if (query.agencies !== undefined) conditions.push(`agency IN (${query.agencies.map(sqlString).join(', ')})`);
  for (const [key, value] of Object.entries(query.dimensions ?? {})) {
    conditions.push(`visitParamHas(dimensions, ${sqlString(key)})`, `visitParamExtractString(dimensions, ${sqlString(key)}) = ${sqlString(value)}`);
  }
  const where = (day: string) => [...conditions, `${day} >= toDate(${sqlString(query.fromDay)})`, `${day} <= toDate(${sqlString(query.toDay)})`].join(' AND ');
  return selectStatistic(query.statistic, where);
}
