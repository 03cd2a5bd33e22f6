import type { Migration } from '../migrate';
import { USAGE_EVENT_COLUMNS } from './usage-event.row';

/** One projected event; staging holds exactly what the fold copies into usage_events. */
const eventColumns = `
         event_id String, source String, platform String, metric String, agency String, value Float64,
         entity String, dimensions String, event_time DateTime('UTC'),
         kafka_partition UInt32, kafka_offset UInt64, projected_at DateTime('UTC')`;

const aggregateColumns = `
         value_sum AggregateFunction(sum, Float64),
         event_count AggregateFunction(count),
         value_min AggregateFunction(min, Float64),
         value_max AggregateFunction(max, Float64),
         last_value AggregateFunction(argMax, Float64, Tuple(DateTime('UTC'), String)),
         entities AggregateFunction(uniqExact, String)`;

/** Every statistic of an aggregate row, as states over usage_events' columns: what the views and the fold's repair write. */
export const AGGREGATE_STATES = `
       sumState(value) AS value_sum, countState() AS event_count, minState(value) AS value_min, maxState(value) AS value_max,
       argMaxState(value, (event_time, event_id)) AS last_value, uniqExactState(entity) AS entities`;

/** The aggregate tables, each with its bucket column computed from an event (`expression AS column`). */
export const AGGREGATE_TARGETS = [
  { table: 'usage_hourly', bucket: 'hour', expression: 'toStartOfHour(event_time)' },
  { table: 'usage_daily', bucket: 'day', expression: "toDate(toTimeZone(event_time, 'Asia/Bangkok'))" },
] as const;

export type AggregateTarget = (typeof AGGREGATE_TARGETS)[number];

/** The views that feed the aggregates from every block inserted into `usage_events`, and only from those. */
const aggregateViews = AGGREGATE_TARGETS.map(
  ({ table, bucket, expression }) => `CREATE MATERIALIZED VIEW IF NOT EXISTS ${table}_mv TO ${table} AS
   SELECT platform, metric, agency, dimensions, ${expression} AS ${bucket},${AGGREGATE_STATES}
   FROM usage_events GROUP BY platform, metric, agency, dimensions, ${bucket}`,
);

/**
 * The usage read model: raw events as projected, and aggregates fed from them by materialized views.
 * Every aggregate row keeps every statistic (sum, count, min, max, latest by event time, exact distinct
 * entities), so projection needs no metric catalog: the metric's kind picks the statistic at query time.
 * Ties in event time are broken by event id so that `last_value` is the same after any rebuild.
 * `usage_events` is ordered by the dedup key (source, event_time, event_id) since version 3: the fold looks every batch
 * up in it, and a batch's keys then sit in the few granules of its own time range however large the table grows.
 * Only the fold (usage-batch.clickhouse.adapter.ts) writes `usage_events`; see docs/projector.md.
 */
export const USAGE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'usage events with hourly and daily aggregates',
    statements: [
      `CREATE TABLE IF NOT EXISTS usage_events (${eventColumns}
       ) ENGINE = MergeTree() PARTITION BY toYYYYMM(event_time) ORDER BY (source, event_id)`,
      `CREATE TABLE IF NOT EXISTS usage_hourly (
         platform String, metric String, agency String, dimensions String, hour DateTime('UTC'),${aggregateColumns}
       ) ENGINE = AggregatingMergeTree() PARTITION BY toYYYYMM(hour) ORDER BY (platform, metric, agency, dimensions, hour)`,
      // Days are Bangkok days: fiscal periods and KPI targets are set in Thai local time.
      `CREATE TABLE IF NOT EXISTS usage_daily (
         platform String, metric String, agency String, dimensions String, day Date,${aggregateColumns}
       ) ENGINE = AggregatingMergeTree() PARTITION BY toYYYYMM(day) ORDER BY (platform, metric, agency, dimensions, day)`,
      ...aggregateViews,
    ],
  },
  {
    version: 2,
    name: 'staging table the projector folds batches from',
    statements: [
      // Written at least once per batch, read by the fold, dropped by day once no batch can still need it.
      `CREATE TABLE IF NOT EXISTS usage_events_staging (${eventColumns}
       ) ENGINE = MergeTree() PARTITION BY toYYYYMMDD(projected_at) ORDER BY (kafka_partition, kafka_offset)`,
    ],
  },
  {
    version: 3,
    name: 'usage events ordered by (source, event_time, event_id)',
    // Copies into a table of the new layout, then swaps names. Each statement may run again after a failure of a later
    // one: leftovers of an interrupted attempt are dropped first, and once the swap is done the copy is of the new table.
    // The views are dropped before the swap and created after it, so they read the new table on every release (18.16
    // binds a view to the name, current releases to the table). The copy fires no view: aggregates stay as they are.
    statements: [
      `DROP TABLE IF EXISTS usage_events_by_id`,
      `DROP TABLE IF EXISTS usage_events_by_time`,
      `CREATE TABLE usage_events_by_time (${eventColumns}
       ) ENGINE = MergeTree() PARTITION BY toYYYYMM(event_time) ORDER BY (source, event_time, event_id)`,
      `INSERT INTO usage_events_by_time (${USAGE_EVENT_COLUMNS}) SELECT ${USAGE_EVENT_COLUMNS} FROM usage_events`,
      `DROP TABLE IF EXISTS usage_hourly_mv`,
      `DROP TABLE IF EXISTS usage_daily_mv`,
      `RENAME TABLE usage_events TO usage_events_by_id, usage_events_by_time TO usage_events`,
      ...aggregateViews,
      `DROP TABLE usage_events_by_id`,
    ],
  },
];
