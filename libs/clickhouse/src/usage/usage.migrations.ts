import type { Migration } from '../migrate';

/** The usage read model: raw events as projected, and aggregates fed from them by materialized views. */
export const USAGE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'usage events and daily totals',
    statements: [
      `CREATE TABLE IF NOT EXISTS usage_events (
         event_id String,
         source String,
         platform String,
         metric String,
         agency String,
         value Float64,
         event_time DateTime('UTC'),
         kafka_partition UInt32,
         kafka_offset UInt64,
         projected_at DateTime('UTC')
       ) ENGINE = MergeTree() PARTITION BY toYYYYMM(event_time) ORDER BY (platform, metric, agency, event_time, event_id)`,
      // Days are Bangkok days: fiscal periods and KPI targets are set in Thai local time.
      `CREATE TABLE IF NOT EXISTS usage_daily (
         platform String,
         metric String,
         agency String,
         day Date,
         value_sum Float64,
         event_count UInt64
       ) ENGINE = SummingMergeTree() PARTITION BY toYYYYMM(day) ORDER BY (platform, metric, agency, day)`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS usage_daily_mv TO usage_daily AS
       SELECT platform, metric, agency, toDate(toTimeZone(event_time, 'Asia/Bangkok')) AS day,
              value AS value_sum, toUInt64(1) AS event_count
       FROM usage_events`,
    ],
  },
];
