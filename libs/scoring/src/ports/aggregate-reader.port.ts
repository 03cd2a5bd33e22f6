/**
 * Which statistic of a metric an indicator's actual is:
 * - `sum`: total of the values (counters);
 * - `count`: number of events;
 * - `average`: sum / count (ratings);
 * - `latest`: each agency's latest value by event time, summed over the agencies selected (gauges);
 * - `distinct`: exact number of distinct entities (distinct metrics);
 * - `agencies`: number of distinct agencies with at least one event.
 */
export type Statistic = 'sum' | 'count' | 'average' | 'latest' | 'distinct' | 'agencies';

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
