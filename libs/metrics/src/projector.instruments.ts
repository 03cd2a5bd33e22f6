import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { EVENTS_BUCKETS, SECONDS_BUCKETS } from './buckets';

/** The projector's instruments: the fold into ClickHouse and how fresh its read model is. */
export function projectorInstruments(registry: Registry) {
  let newest: number | undefined;
  const newestEventTime = new Gauge({
    name: 'govmetrics_projector_newest_event_timestamp_seconds',
    help: 'Event time (Unix seconds) of the newest event this process has folded into ClickHouse.',
    registers: [registry],
  });
  // Unknown until the first fold: NaN, never a 0 that would read as perfectly fresh (or as 1970).
  newestEventTime.set(Number.NaN);
  return {
    /** Records a folded batch's newest event time (Unix seconds); the gauges never move back. */
    folded(eventTimeSeconds: number): void {
      if (newest !== undefined && eventTimeSeconds <= newest) return;
      newest = eventTimeSeconds;
      newestEventTime.set(eventTimeSeconds);
    },
    foldSeconds: new Histogram({
      name: 'govmetrics_projector_fold_duration_seconds',
      help: "One partition batch's stage-and-fold into ClickHouse.",
      buckets: SECONDS_BUCKETS,
      registers: [registry],
    }),
    foldEvents: new Histogram({
      name: 'govmetrics_projector_fold_size_events',
      help: 'Events per folded batch.',
      buckets: EVENTS_BUCKETS,
      registers: [registry],
    }),
    foldedEvents: new Counter({
      name: 'govmetrics_projector_folded_events_total',
      help: 'Events in folded batches (a redelivered event counts again here; the fold counts it once in the aggregates).',
      registers: [registry],
    }),
    logToQueryableSeconds: new Histogram({
      name: 'govmetrics_projector_log_to_queryable_seconds',
      help: "From an event's record timestamp (set by the ingest's producer just before its 200) to its fold committed in ClickHouse.",
      buckets: SECONDS_BUCKETS,
      registers: [registry],
    }),
    freshness: new Gauge({
      name: 'govmetrics_projector_freshness_seconds',
      help: 'Now minus the event time of the newest event folded (NaN until the first fold).',
      registers: [registry],
      collect() {
        this.set(newest === undefined ? Number.NaN : Date.now() / 1000 - newest);
      },
    }),
  };
}

export type ProjectorInstruments = ReturnType<typeof projectorInstruments>;
