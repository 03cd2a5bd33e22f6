import type { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseAggregateReader } from '@govmetrics/clickhouse';
import type { MetricQuery } from '@govmetrics/scoring';

const FY2564 = { fromDay: '2020-10-01', toDay: '2021-09-30' } as const;
/** Two of the reads A1 makes on every rescoring: a distinct count (from the raw events) and a sum (from `usage_daily`). */
const DISTINCT: MetricQuery = { platform: 'tangrat', metric: 'active_users', statistic: 'distinct', ...FY2564 };
const SUM: MetricQuery = { platform: 'thailandplus', metric: 'registrations', statistic: 'sum', ...FY2564 };

export interface ReadTimes {
  distinctMs: number;
  sumMs: number;
}

/** Median milliseconds of three reads through the scoring service's own reader. */
async function medianMs(reader: ClickHouseAggregateReader, query: MetricQuery): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    const began = performance.now();
    await reader.read(query);
    times.push(performance.now() - began);
  }
  return times.sort((a, b) => a - b)[1] ?? NaN;
}

/** What one rescoring's reads cost at the table's current size: where the scoring service's time goes as it grows. */
export async function scoringReadTimes(clickhouse: ClickHouseClient): Promise<ReadTimes> {
  const reader = new ClickHouseAggregateReader(clickhouse);
  return { distinctMs: await medianMs(reader, DISTINCT), sumMs: await medianMs(reader, SUM) };
}
