/** Latencies from 1 ms to 30 s: a Kafka transaction, a fold, a ledger append. */
export const SECONDS_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Events in a batch: one event to a full 16 MiB projector batch (~55,000). */
export const EVENTS_BUCKETS = [1, 10, 100, 500, 1000, 5000, 10_000, 50_000, 100_000];

/** Request bodies: 1 KiB to the ingest's 8 MiB limit. */
export const BYTES_BUCKETS = [1024, 8192, 65_536, 262_144, 1_048_576, 4_194_304, 8_388_608];
