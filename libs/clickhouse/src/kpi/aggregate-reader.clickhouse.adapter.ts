import type { ClickHouseClient } from '@clickhouse/client';
import type { AggregateReader, MetricQuery } from '@govmetrics/scoring';
import { toClickHouseError } from '../clickhouse-errors';
import { aggregateQuerySql } from './aggregate-reader.sql';

/** Reads KPI actuals from the daily aggregates (Bangkok days); `null` when no event matched. */
export class ClickHouseAggregateReader implements AggregateReader {
  constructor(private readonly client: ClickHouseClient) {}

  async read(query: MetricQuery): Promise<number | null> {
    const sql = aggregateQuerySql(query);
    if (sql === null) return null;
    try {
      const result = await this.client.query({ query: sql, format: 'JSONEachRow' });
      const [row] = await result.json<{ value: number | string | null; events: number | string }>();
      // 64-bit integers arrive as strings; no matching event means no actual, not zero.
      return row === undefined || Number(row.events) === 0 ? null : Number(row.value);
    } catch (error) {
      throw toClickHouseError(`read ${query.statistic} of ${query.platform}/${query.metric}`, error);
    }
  }
}
