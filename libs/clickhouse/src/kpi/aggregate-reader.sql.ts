import type { MetricQuery, Statistic } from '@govmetrics/scoring';
import { ClickHouseError } from '../clickhouse-errors';
import { sqlString } from '../sql';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Where a statistic's rows come from, and what they are grouped by. `key` is empty for one value over the range; for a
 * running read it is `through`, each row repeated for every day of the range from its own day on, so the same
 * aggregate over a `through` group is the statistic over the range's first day through that day. `entities` is the
 * selected rows of usage_daily_entities, for `distinct`, whose running read is its own (runningDistinct).
 */
interface Rows {
  daily: string;
  entities: string;
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
      // Rows, not events: a bucket has a row exactly when it has an event (with an entity or not), which is all `events` must tell.
      if (rows.key === '') return `SELECT uniqExactIfMerge(entities) AS value, count() AS events FROM ${rows.entities}`;
      return runningDistinct(rows.entities);
    case 'agencies':
      return `SELECT ${keyed(rows, 'uniqExact(agency) AS value, countMerge(event_count) AS events')} FROM ${rows.daily}${groupBy(rows)}`;
  }
}

/**
 * Distinct named entities through each day with events: the day's merged states unioned in day order by
 * `runningAccumulate`, which starts again at every block. The days come sorted in one block (a few hundred rows); a
 * second block would answer a wrong count, so it fails the read instead (throwIf, code 395).
 */
const runningDistinct = (entities: string): string =>
  `SELECT day AS through, runningAccumulate(state) + throwIf(rowNumberInBlock() != rowNumberInAllBlocks()) AS value, rows AS events
   FROM (SELECT day, uniqExactIfMergeState(entities) AS state, count() AS rows FROM ${entities} GROUP BY day ORDER BY day)`;

/** The rows' filter, for a daily table (its Bangkok day is `day`); `null` when the query selects no agency at all. */
function whereOf(query: MetricQuery): string | null {
  for (const field of ['fromDay', 'toDay'] as const) {
    if (!DAY.test(query[field])) throw new ClickHouseError(`metric query: ${field} must be a day as YYYY-MM-DD, got "${query[field]}"`, false);
  }
  if (query.agencies?.length === 0) return null;
  const conditions = [`platform = ${sqlString(query.platform)}`, `metric = ${sqlString(query.metric)}`];
  if (query.agencies !== undefined) conditions.push(`agency IN (${query.agencies.map(sqlString).join(', ')})`);
  for (const [key, value] of Object.entries(query.dimensions ?? {})) {
    conditions.push(`visitParamHas(dimensions, ${sqlString(key)})`, `visitParamExtractString(dimensions, ${sqlString(key)}) = ${sqlString(value)}`);
  }
  return [...conditions, `day >= toDate(${sqlString(query.fromDay)})`, `day <= toDate(${sqlString(query.toDay)})`].join(' AND ');
}

/**
 * The SELECT that answers a metric query over `usage_daily` (`distinct`: `usage_daily_entities`), or `null` when the
 * query selects no agency at all.
 * Dimensions are canonical JSON; 18.16 has no JSONExtract, and visitParam* cannot be fooled by a value that
 * contains `"key":` because JSON escapes every quote inside a value.
 */
export function aggregateQuerySql(query: MetricQuery): string | null {
  const where = whereOf(query);
  if (where === null) return null;
  return selectStatistic(query.statistic, {
    daily: `usage_daily WHERE ${where}`,
    entities: `usage_daily_entities WHERE ${where}`,
    key: '',
  });
}

/**
 * The SELECT of a query's running value, one row per day `through` (a Date) from `fromDay` to `toDay` that has an
 * event on or before it, in one scan: each row is counted for its own day and every later day of the range (18.16 has
 * no window functions). `distinct` has a row for each day with events only; the reader carries it over the days after.
 * `null` when the query selects no agency at all.
 */
export function runningQuerySql(query: MetricQuery): string | null {
  const where = whereOf(query);
  if (where === null) return null;
  const through = `arrayJoin(arrayMap(i -> day + i, range(toUInt32(toDate(${sqlString(query.toDay)}) - day + 1)))) AS through`;
  return selectStatistic(query.statistic, {
    daily: `(SELECT agency, value_sum, event_count, last_value, ${through} FROM usage_daily WHERE ${where})`,
    entities: `usage_daily_entities WHERE ${where}`,
    key: 'through',
  });
}
