import type { ProjectedEvent } from '../projected-event';

/** Consecutive records of one Kafka partition, offsets inclusive. */
export interface BatchRange {
  partition: number;
  firstOffset: string;
  lastOffset: string;
}

/**
 * The read model's writer: every event of a batch counts exactly once, however often the batch is written.
 * It fails with a `DependencyError` (`@govmetrics/contracts`): `retriable` when the same write later may succeed,
 * and `poison: true` when the records' data is refused, so that the consumer quarantines them and moves on.
 */
export interface UsageBatchSink {
  write(range: BatchRange, events: readonly ProjectedEvent[]): Promise<void>;
}
