import type { MetricQuery, Statistic } from '@govmetrics/scoring';
import { ClickHouseError } from '../clickhouse-errors';
import { sqlString } from '../sql';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The Bangkok day of a raw event, as the daily materialized view computes it. */
const RAW_DAY = "toDate(toTimeZone(event_time, 'Asia/Bangkok'))";

/**
 * Where a statistic's rows come from, and what they are grouped by. `key` is empty for one value over the range; for a
 * running read it is `through`, each row repeated for every day of the range from its own day on, so the same
 * aggregate over a `through` group is the statistic over the range's first day through that day.
 */
interface Rows {
  daily: string;
  raw: string;
  key: '' | 'through';
}

const keyed = (rows: Rows, select: string) => (rows.key === '' ? select : `${rows.key}, ${select}`);
const groupBy = (rows: Rows, ...more: string[]) => {
  const keys = [...(rows.key === '' ? [] : [rows.key]), ...more];
  return keys.length === 0 ? '' : ` GROUP BY ${keys.join(', ')}`;
};

/** Each statistic as `value` beside the number of matching `events`, which tells "no data" from a zero. */
function selectStatistic(statistic: Statistic, rows: Rows): string {
  switch (statistic) {
    case 'sum':
      return `SELECT ${keyed(rows, 'sumMerge(value_sum) AS value, countMerge(event_count) AS events')} FROM ${rows.daily}${groupBy(rows)}`;
    case 'count':
      return `SELECT ${keyed(rows, 'countMerge(event_count) AS value, countMerge(event_count) AS events')} FROM ${rows.daily}${groupBy(rows)}`;
    case 'average': {
      const select = keyed(rows, 'sumMerge(value_sum) / countMerge(event_count) AS value, countMerge(event_count) AS events');
      return `SELECT ${select} FROM ${rows.daily}${groupBy(rows)}`;
    }
    case 'latest':
      // A gauge's latest value is per agency (each reports its own level); the selection's level is their sum.
      return `SELECT ${keyed(rows, 'sum(latest) AS value, sum(agency_events) AS events')} FROM (
                SELECT ${keyed(rows, 'agency, argMaxMerge(last_value) AS latest, countMerge(event_count) AS agency_events')}
                FROM ${rows.daily}${groupBy(rows, 'agency')})${groupBy(rows)}`;
    case 'distinct':
      // The daily state counts the '' stored for events without an entity as one more entity, and a merged
      // uniqExact state cannot drop it; the raw events can. Duplicated rows do not change a distinct count.
      if (rows.key === '') return `SELECT uniqExactIf(entity, entity != '') AS value, count() AS events FROM ${rows.raw}`;
      // Running: each entity counts from the first day it was seen ('' too, in `seen` only: a day of entity-less events is 0, not null).
      return `SELECT through, sum(entities) AS value, sum(seen) AS events FROM ${rows.raw} GROUP BY through`;
    case 'agencies':
      return `SELECT ${keyed(rows, 'uniqExact(agency) AS value, countMerge(event_count) AS events')} FROM ${rows.daily}${groupBy(rows)}`;
  }
}

/** The rows' filter, for a table whose Bangkok day is `day`; `null` when the query selects no agency at all. */
function whereOf(query: MetricQuery): ((day: string) => string) | null {
  for (const field of ['fromDay', 'toDay'] as const) {
    if (!DAY.test(query[field])) throw new ClickHouseError(`metric query: ${field} must be a day as YYYY-MM-DD, got "${query[field]}"`, false);
  }
  if (query.agencies?.length === 0) return null;
  const conditions = [`platform = ${sqlString(query.platform)}`, `metric = ${sqlString(query.metric)}`];
  if (query.agencies !== undefined) conditions.push(`agency IN (${query.agencies.map(sqlString).join(', ')})`);
  for (const [key, value] of Object.entries(query.dimensions ?? {})) {
    conditions.push(`visitParamHas(dimensions, ${sqlString(key)})`, `visitParamExtractString(dimensions, ${sqlString(key)}) = ${sqlString(value)}`);
  }
  return (day: string) => [...conditions, `${day} >= toDate(${sqlString(query.fromDay)})`, `${day} <= toDate(${sqlString(query.toDay)})`].join(' AND ');
}

/**
 * The SELECT that answers a metric query over `usage_daily`, or `null` when the query selects no agency at all.
 * Dimensions are canonical JSON; 18.16 has no JSONExtract, and visitParam* cannot be fooled by a value that
 * contains `"key":` because JSON escapes every quote inside a value.
 */
export function aggregateQuerySql(query: MetricQuery): string | null {
  const where = whereOf(query);
  if (where === null) return null;
  return selectStatistic(query.statistic, { daily: `usage_daily WHERE ${where('day')}`, raw: `usage_events WHERE ${where(RAW_DAY)}`, key: '' });
}

/**
 * The SELECT of a query's running value, one row per day `through` (a Date) from `fromDay` to `toDay` that has an
 * event on or before it, in one scan: each row is counted for its own day and every later day of the range (18.16 has
 * no window functions). `null` when the query selects no agency at all.
 */
export function runningQuerySql(query: MetricQuery): string | null {
  const where = whereOf(query);
  if (where === null) return null;
  const through = (day: string) => `arrayJoin(arrayMap(i -> ${day} + i, range(toUInt32(toDate(${sqlString(query.toDay)}) - ${day} + 1)))) AS through`;
  return selectStatistic(query.statistic, {
    daily: `(SELECT agency, value_sum, event_count, last_value, ${through('day')} FROM usage_daily WHERE ${where('day')})`,
    raw: `(SELECT entities, seen, ${through('first')} FROM (
            SELECT first, countIf(entity != '') AS entities, count() AS seen FROM (
              SELECT entity, min(${RAW_DAY}) AS first FROM usage_events WHERE ${where(RAW_DAY)} GROUP BY entity)
            GROUP BY first))`,
    key: 'through',
  });
}
