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
