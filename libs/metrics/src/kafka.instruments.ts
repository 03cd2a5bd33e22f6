import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { SECONDS_BUCKETS } from './buckets';

/** Kafka instruments shared by every service that produces or consumes. */
export const kafkaInstruments = (registry: Registry) => ({
  transactionSeconds: new Histogram({
    name: 'govmetrics_kafka_transaction_duration_seconds',
    help: 'One Kafka transaction, begin to commit or abort, by intake path (http, raw_intake).',
    labelNames: ['path'] as const,
    buckets: SECONDS_BUCKETS,
    registers: [registry],
  }),
  produceSeconds: new Histogram({
    name: 'govmetrics_kafka_produce_duration_seconds',
    help: 'One non-transactional produce request until acknowledged, by what it carries (announcements, attainment).',
    labelNames: ['stream'] as const,
    buckets: SECONDS_BUCKETS,
    registers: [registry],
  }),
  consumerLag: new Gauge({
    name: 'govmetrics_kafka_consumer_lag_messages',
    help: "Records between a consumer group's committed offset and the partition's end offset, read every CONSUMER_LAG_INTERVAL_MS.",
    labelNames: ['group', 'topic', 'partition'] as const,
    registers: [registry],
  }),
  lagReadFailures: new Counter({
    name: 'govmetrics_kafka_consumer_lag_read_failures_total',
    help: 'Lag readings that failed (broker unreachable): the lag gauge then keeps its last value.',
    labelNames: ['group'] as const,
    registers: [registry],
  }),
  quarantined: new Counter({
    name: 'govmetrics_quarantined_records_total',
    help: 'Records a consumer set aside on the quarantine topic because the server refused their data.',
    labelNames: ['consumer'] as const,
    registers: [registry],
  }),
});

export type KafkaInstruments = ReturnType<typeof kafkaInstruments>;
