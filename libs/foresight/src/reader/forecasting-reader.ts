import type { AggregateReader, MetricQuery, RunningAggregateReader } from '@govmetrics/scoring';
import { daysBetween, yearEarlier } from '../days';
import type { ForecastMethod, Interval } from '../methods/forecast-method';
import { forecastSeries } from '../methods/forecast-method';
import { kindOf } from '../series/metric-kind';

/** The interval of a query's value over its whole range, from what `source` holds through `asOf` (inside the range). */
export async function forecastQuery(source: RunningAggregateReader, query: MetricQuery, asOf: string, method: ForecastMethod): Promise<Interval | null> {
  // The running actual through each day so far, in one read.
  const running = await source.readRunning({ ...query, toDay: asOf });
  const lastYearQuery = { ...query, fromDay: yearEarlier(query.fromDay), toDay: yearEarlier(query.toDay) };
  const lastYear = method === 'last-year' ? await source.readRunning(lastYearQuery) : undefined;
  return forecastSeries(method, {
    kind: kindOf(query.statistic),
    running,
    remainingDays: daysBetween(asOf, query.toDay),
    ...(lastYear ? { lastYear } : {}),
  });
}

/**
 * An AggregateReader that answers a query reaching past `asOf` with one end of its forecast interval, so the scoring
 * engine itself (sums of parts, ratios, targets, composites) turns forecast inputs into forecast scores.
 * Days up to `asOf` are read as they are; a range that begins after `asOf` has no data to forecast from.
 */
export class ForecastingReader implements AggregateReader {
  constructor(
    private readonly source: RunningAggregateReader,
    private readonly asOf: string,
    private readonly method: ForecastMethod,
    private readonly end: keyof Interval,
  ) {}

  async read(query: MetricQuery): Promise<number | null> {
    if (query.toDay <= this.asOf) return this.source.read(query);
    if (query.fromDay > this.asOf) return null;
    const interval = await forecastQuery(this.source, query, this.asOf, this.method);
    return interval === null ? null : interval[this.end];
  }
}
