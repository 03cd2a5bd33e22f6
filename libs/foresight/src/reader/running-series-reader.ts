import type { MetricQuery, RunningAggregateReader } from '@govmetrics/scoring';
import { metricQueryKey } from '@govmetrics/scoring';
import { daysBetween } from '../days';

/**
 * Reads each query's running value once, from its first day through `through`, and answers every read and running read
 * ending by `through` from it: the forecast's input series and the catalog scored as of each day of the period (each
 * measure's history) then cost one read per query, not one per day and query. What ends after `through` is read as asked.
 */
export class RunningSeriesReader implements RunningAggregateReader {
  private readonly series = new Map<string, Promise<(number | null)[]>>();

  constructor(
    private readonly source: RunningAggregateReader,
    readonly through: string,
  ) {}

  async read(query: MetricQuery): Promise<number | null> {
    if (!this.covers(query)) return this.source.read(query);
    return (await this.seriesOf(query))[daysBetween(query.fromDay, query.toDay)] ?? null;
  }

  async readRunning(query: MetricQuery): Promise<(number | null)[]> {
    if (!this.covers(query)) return this.source.readRunning(query);
    return (await this.seriesOf(query)).slice(0, daysBetween(query.fromDay, query.toDay) + 1);
  }

  private covers(query: MetricQuery): boolean {
    return query.fromDay <= query.toDay && query.toDay <= this.through;
  }

  private seriesOf(query: MetricQuery): Promise<(number | null)[]> {
    const whole = { ...query, toDay: this.through };
    const key = metricQueryKey(whole);
    const known = this.series.get(key);
    if (known) return known;
    const read = this.source.readRunning(whole);
    this.series.set(key, read);
    // A failed read is not an answer: the next read asks the source again.
    read.catch(() => this.series.delete(key));
    return read;
  }
}
