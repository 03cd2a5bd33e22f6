import type { MetricQuery, Statistic } from '@govmetrics/scoring';
import { ClickHouseError } from '../clickhouse-errors';
import { sqlString } from '../sql';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Each statistic as `value` beside the number of matching `events`, which tells "no data" from a zero. */
function selectStatistic(statistic: Statistic, where: string): string {
  switch (statistic) {
    case 'sum':
      return `SELECT sumMerge(value_sum) AS value, countMerge(event_count) AS events FROM usage_daily WHERE ${where}`;
    case 'count':
      return `SELECT countMerge(event_count) AS value, countMerge(event_count) AS events FROM usage_daily WHERE ${where}`;
    case 'average':
      return `SELECT sumMerge(value_sum) / countMerge(event_count) AS value, countMerge(event_count) AS events FROM usage_daily WHERE ${where}`;
    case 'latest':
      // A gauge's latest value is per agency (each reports its own level); the selection's level is their sum.
      return `SELECT sum(latest) AS value, sum(agency_events) AS events FROM (
                SELECT agency, argMaxMerge(last_value) AS latest, countMerge(event_count) AS agency_events
                FROM usage_daily WHERE ${where} GROUP BY agency)`;
    case 'distinct':
      return `SELECT uniqExactMerge(entities) AS value, countMerge(event_count) AS events FROM usage_daily WHERE ${where}`;
    case 'agencies':
      return `SELECT uniqExact(agency) AS value, countMerge(event_count) AS events FROM usage_daily WHERE ${where}`;
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
  const conditions = [
    `platform = ${sqlString(query.platform)}`,
    `metric = ${sqlString(query.metric)}`,
    `day >= toDate(${sqlString(query.fromDay)})`,
    `day <= toDate(${sqlString(query.toDay)})`,
  ];
  if (query.agencies !== undefined) conditions.push(`agency IN (${query.agencies.map(sqlString).join(', ')})`);
  for (const [key, value] of Object.entries(query.dimensions ?? {})) {
    conditions.push(`visitParamHas(dimensions, ${sqlString(key)})`, `visitParamExtractString(dimensions, ${sqlString(key)}) = ${sqlString(value)}`);
  }
  return selectStatistic(query.statistic, conditions.join(' AND '));
}
