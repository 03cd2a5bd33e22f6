import type { Statistic } from '@govmetrics/contracts';

/** Declared once, with the catalog's `StatisticSchema`; re-exported for the port's adapters. */
export type { Statistic };

export interface MetricQuery {
  platform: string;
  metric: string;
  statistic: Statistic;
  /** Only these agencies; all when absent. */
  agencies?: readonly string[];
  /** Only events whose dimensions include every pair given. */
  dimensions?: Readonly<Record<string, string>>;
  /** Bangkok calendar days, inclusive, `YYYY-MM-DD`. */
  fromDay: string;
  toDay: string;
}

/** Reads one statistic over the usage aggregates; `null` when no event matched. */
export interface AggregateReader {
  read(query: MetricQuery): Promise<number | null>;
}

/**
 * Also reads a statistic's running value: over `fromDay` through each day up to `toDay`, one a day, in one read (what a
 * forecast's input series and a measure's daily history need, instead of one read per day).
 */
export interface RunningAggregateReader extends AggregateReader {
  /** The value `read` answers for `{ ...query, toDay: day }`, for every day from `query.fromDay` to `query.toDay`. */
  readRunning(query: MetricQuery): Promise<(number | null)[]>;
}
