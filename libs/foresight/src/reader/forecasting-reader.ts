import type { AggregateReader, MetricQuery } from '@govmetrics/scoring';
import { daysBetween, eachDay, yearEarlier } from '../days';
import type { ForecastMethod, Interval } from '../methods/forecast-method';
import { forecastSeries } from '../methods/forecast-method';
import { kindOf } from '../series/metric-kind';

/** The statistic over `query`'s days from `fromDay` through each day up to `toDay`: the running actual, one a day. */
const runningThrough = (source: AggregateReader, query: MetricQuery, fromDay: string, toDay: string): Promise<(number | null)[]> =>
  Promise.all(eachDay(fromDay, toDay).map((day) => source.read({ ...query, fromDay, toDay: day })));

/** The interval of a query's value over its whole range, from what `source` holds through `asOf` (inside the range). */
export async function forecastQuery(source: AggregateReader, query: MetricQuery, asOf: string, method: ForecastMethod): Promise<Interval | null> {
  const running = await runningThrough(source, query, query.fromDay, asOf);
  const lastYear = method === 'last-year' ? await runningThrough(source, query, yearEarlier(query.fromDay), yearEarlier(query.toDay)) : undefined;
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
    private readonly source: AggregateReader,
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
