import type { ConsumedBatch } from '@govmetrics/kafka';

/** Nest injection tokens of the ports the projection use case depends on. */
export const USAGE_BATCH_SINK = Symbol('UsageBatchSink');
export const AGGREGATES_ANNOUNCER = Symbol('AggregatesAnnouncer');
export const FOLD_OBSERVER = Symbol('FoldObserver');

/** Told each batch once its fold committed, i.e. once its events are queryable (metrics). */
export interface FoldObserver {
  queryable(batch: ConsumedBatch): void;
}
