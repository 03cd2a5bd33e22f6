import type { ClickHouseClient } from '@clickhouse/client';
import type { MetricQuery, RunningAggregateReader } from '@govmetrics/scoring';
import { toClickHouseError } from '../clickhouse-errors';
import { aggregateQuerySql, runningQuerySql } from './aggregate-reader.sql';
import { NonFiniteAggregateError } from './non-finite-aggregate';

interface Row {
  value: string;
  events: number | string;
}

const DAY_MS = 86_400_000;
const daysOf = (query: MetricQuery): string[] => {
  const days: string[] = [];
  for (let at = Date.parse(`${query.fromDay}T00:00:00Z`); at <= Date.parse(`${query.toDay}T00:00:00Z`); at += DAY_MS) {
    days.push(new Date(at).toISOString().slice(0, 10));
  }
  return days;
};

/** Reads KPI actuals from the daily aggregates (Bangkok days); `null` when no event matched. */
export class ClickHouseAggregateReader implements RunningAggregateReader {
  constructor(private readonly client: ClickHouseClient) {}

  /** @throws NonFiniteAggregateError when the statistic is not a finite number: scoring refuses rather than score 0 */
  async read(query: MetricQuery): Promise<number | null> {
    const sql = aggregateQuerySql(query);
    if (sql === null) return null;
    const [row] = await this.rows<Row>(query, `SELECT toString(value) AS value, events FROM (${sql})`);
    return valueOf(row, query);
  }

  /**
   * One query over the whole range, grouped by the day counted through: the value `read` answers for each day.
   * A day without a row of its own (`distinct` has one per day with events only) has the value of the last day before
   * it that has one: nothing was added since.
   * @throws NonFiniteAggregateError naming the first day whose statistic is not a finite number
   */
  async readRunning(query: MetricQuery): Promise<(number | null)[]> {
    const days = daysOf(query);
    const sql = runningQuerySql(query);
    if (sql === null) return days.map(() => null);
    const rows = await this.rows<Row & { day: string }>(query, `SELECT toString(through) AS day, toString(value) AS value, events FROM (${sql})`);
    const byDay = new Map(rows.map((row) => [row.day, row]));
    let through: Row | undefined;
    return days.map((day) => {
      through = byDay.get(day) ?? through;
      return valueOf(through, { ...query, toDay: day });
    });
  }

  private async rows<T>(query: MetricQuery, sql: string): Promise<T[]> {
    try {
      // As text: ClickHouse's JSON renders inf and nan as null, which Number reads as 0; Number reads 'inf' and 'nan' as NaN.
      const result = await this.client.query({ query: sql, format: 'JSONEachRow' });
      return await result.json<T>();
    } catch (error) {
      throw toClickHouseError(`read ${query.statistic} of ${query.platform}/${query.metric}`, error);
    }
  }
}

/** 64-bit integers arrive as strings; no matching event means no actual, not zero. */
function valueOf(row: Row | undefined, query: MetricQuery): number | null {
  if (row === undefined || Number(row.events) === 0) return null;
  const value = Number(row.value);
  if (Number.isFinite(value)) return value;
  throw new NonFiniteAggregateError(
    { platform: query.platform, metric: query.metric, agencies: query.agencies ?? null, fromDay: query.fromDay, toDay: query.toDay },
    row.value,
  );
}
