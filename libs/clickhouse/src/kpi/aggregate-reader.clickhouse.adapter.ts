import type { ClickHouseClient } from '@clickhouse/client';
import type { AggregateReader, MetricQuery } from '@govmetrics/scoring';
import { toClickHouseError } from '../clickhouse-errors';
import { aggregateQuerySql } from './aggregate-reader.sql';
import { NonFiniteAggregateError } from './non-finite-aggregate';

/** Reads KPI actuals from the daily aggregates (Bangkok days); `null` when no event matched. */
export class ClickHouseAggregateReader implements AggregateReader {
  constructor(private readonly client: ClickHouseClient) {}

  /** @throws NonFiniteAggregateError when the statistic is not a finite number: scoring refuses rather than score 0 */
  async read(query: MetricQuery): Promise<number | null> {
    const sql = aggregateQuerySql(query);
    if (sql === null) return null;
    let row: { value: string; events: number | string } | undefined;
    try {
      // As text: ClickHouse's JSON renders inf and nan as null, which Number reads as 0; Number reads 'inf' and 'nan' as NaN.
      const result = await this.client.query({ query: `SELECT toString(value) AS value, events FROM (${sql})`, format: 'JSONEachRow' });
      [row] = await result.json<{ value: string; events: number | string }>();
    } catch (error) {
      throw toClickHouseError(`read ${query.statistic} of ${query.platform}/${query.metric}`, error);
    }
    // 64-bit integers arrive as strings; no matching event means no actual, not zero.
    if (row === undefined || Number(row.events) === 0) return null;
    const value = Number(row.value);
    if (Number.isFinite(value)) return value;
    throw new NonFiniteAggregateError(
      { platform: query.platform, metric: query.metric, agencies: query.agencies ?? null, fromDay: query.fromDay, toDay: query.toDay },
      row.value,
    );
  }
}
