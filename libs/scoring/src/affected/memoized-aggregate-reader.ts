import type { AggregateReader, MetricQuery } from '../ports/aggregate-reader.port';
import type { AggregateBucket } from './affected-by';
import { queryReadsBucket } from './affected-by';

/** One key per distinct query, whatever the order of its agencies and dimensions. */
export const metricQueryKey = (query: MetricQuery): string =>
  JSON.stringify([
    query.platform,
    query.metric,
    query.statistic,
    query.agencies === undefined ? null : [...query.agencies].sort(),
    Object.entries(query.dimensions ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    query.fromDay,
    query.toDay,
  ]);

interface Remembered {
  query: MetricQuery;
  value: Promise<number | null>;
  settled?: number | null;
}

/**
 * Remembers every answer of a source reader until a change to a bucket the query reads is announced, so that
 * rescoring a catalog re-reads only the queries a change can have moved; the rest come from memory.
 */
export class MemoizedAggregateReader implements AggregateReader {
  private readonly remembered = new Map<string, Remembered>();

  constructor(private readonly source: AggregateReader) {}

  read(query: MetricQuery): Promise<number | null> {
    const key = metricQueryKey(query);
    const known = this.remembered.get(key);
    if (known) return known.value;
    const entry: Remembered = { query, value: this.source.read(query) };
    this.remembered.set(key, entry);
    entry.value.then(
      (value) => {
        entry.settled = value;
      },
      // A failed read is not an answer: the next read asks the source again.
      () => this.remembered.delete(key),
    );
    return entry.value;
  }

  /** Drops the answers of every query that reads one of `buckets`; returns how many were dropped. */
  forget(buckets: readonly AggregateBucket[]): number {
    let dropped = 0;
    for (const [key, entry] of this.remembered) {
      if (buckets.some((bucket) => queryReadsBucket(entry.query, bucket))) {
        this.remembered.delete(key);
        dropped += 1;
      }
    }
    return dropped;
  }

  /** The answer already read for `query`; `undefined` when it was not read (or not yet answered). */
  valueOf(query: MetricQuery): number | null | undefined {
    return this.remembered.get(metricQueryKey(query))?.settled;
  }
}
