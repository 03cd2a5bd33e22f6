import { Counter, Histogram, type Registry } from 'prom-client';
import { EVENTS_BUCKETS } from './buckets';

/** The ingest's instruments: both intake paths, HTTP and the raw-Kafka validator. */
export const ingestInstruments = (registry: Registry) => ({
  verdicts: new Counter({
    name: 'govmetrics_ingest_verdicts_total',
    help: "Events judged, by intake path, platform (the catalog's, or unknown), verdict and the first rule a rejected event broke.",
    labelNames: ['path', 'platform', 'verdict', 'rule'] as const,
    registers: [registry],
  }),
  batchEvents: new Histogram({
    name: 'govmetrics_ingest_batch_size_events',
    help: 'Events per judged batch (an HTTP request, or a fetched raw-topic batch).',
    labelNames: ['path'] as const,
    buckets: EVENTS_BUCKETS,
    registers: [registry],
  }),
  deadLetters: new Counter({
    name: 'govmetrics_ingest_dead_letters_total',
    help: 'Raw-topic records the validator dead-lettered, by the first rule they broke.',
    labelNames: ['rule'] as const,
    registers: [registry],
  }),
});

export type IngestInstruments = ReturnType<typeof ingestInstruments>;
