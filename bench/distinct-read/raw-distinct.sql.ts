/**
 * The reader's `distinct` before migration 4 (libs/clickhouse/src/kpi/aggregate-reader.sql.ts at 2776395), for the
 * platform, metric and days of a query: a scan of the raw events, whose filter is not in usage_events' order.
 */
const RAW_DAY = "toDate(toTimeZone(event_time, 'Asia/Bangkok'))";

export interface DistinctQuery {
  platform: string;
  metric: string;
  fromDay: string;
  toDay: string;
}

const where = (q: DistinctQuery) =>
  `platform = '${q.platform}' AND metric = '${q.metric}' AND ${RAW_DAY} >= toDate('${q.fromDay}') AND ${RAW_DAY} <= toDate('${q.toDay}')`;

/** One value over the range, wrapped as ClickHouseAggregateReader.read wraps its SQL. */
export const rawDistinctSql = (q: DistinctQuery): string =>
  `SELECT toString(value) AS value, events FROM (
    SELECT uniqExactIf(entity, entity != '') AS value, count() AS events FROM usage_events WHERE ${where(q)})`;

/** The running value, one row per day, wrapped as ClickHouseAggregateReader.readRunning wraps its SQL. */
export const rawRunningDistinctSql = (q: DistinctQuery): string =>
  `SELECT toString(through) AS day, toString(value) AS value, events FROM (
    SELECT through, sum(entities) AS value, sum(seen) AS events FROM (
      SELECT entities, seen, arrayJoin(arrayMap(i -> first + i, range(toUInt32(toDate('${q.toDay}') - first + 1)))) AS through FROM (
        SELECT first, countIf(entity != '') AS entities, count() AS seen FROM (
          SELECT entity, min(${RAW_DAY}) AS first FROM usage_events WHERE ${where(q)} GROUP BY entity)
        GROUP BY first))
    GROUP BY through)`;
