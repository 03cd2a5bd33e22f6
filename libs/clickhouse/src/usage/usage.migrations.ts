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

/** An event's Bangkok day: fiscal periods and KPI targets are set in Thai local time. */
const BANGKOK_DAY = "toDate(toTimeZone(event_time, 'Asia/Bangkok'))";

/** The aggregate tables, each with its bucket column computed from an event (`expression AS column`). */
export const AGGREGATE_TARGETS = [
  { table: 'usage_hourly', bucket: 'hour', expression: 'toStartOfHour(event_time)' },
  { table: 'usage_daily', bucket: 'day', expression: BANGKOK_DAY },
] as const;

export type AggregateTarget = (typeof AGGREGATE_TARGETS)[number];

/** The views that feed the aggregates from every block inserted into `usage_events`, and only from those. */
const aggregateViews = AGGREGATE_TARGETS.map(
  ({ table, bucket, expression }) => `CREATE MATERIALIZED VIEW IF NOT EXISTS ${table}_mv TO ${table} AS
   SELECT platform, metric, agency, dimensions, ${expression} AS ${bucket},${AGGREGATE_STATES}
   FROM usage_events GROUP BY platform, metric, agency, dimensions, ${bucket}`,
);

const DAILY_BUCKET = 'platform, metric, agency, dimensions, day';

/**
 * The rows of `usage_daily_entities` for the events `source` selects (a table or a subquery of usage_events' columns):
 * per daily bucket, the distinct entities other than the '' stored for an event without one. What its view, its
 * back-fill and the fold's repair write.
 */
export const dailyEntitiesSelect = (source: string): string =>
  `SELECT platform, metric, agency, dimensions, ${BANGKOK_DAY} AS day, uniqExactIfState(entity, entity != '') AS entities
   FROM ${source} GROUP BY ${DAILY_BUCKET}`;

/** The columns `dailyEntitiesSelect` yields, in its order: what an INSERT into usage_daily_entities names. */
export const DAILY_ENTITIES_COLUMNS = `${DAILY_BUCKET}, entities`;

/**
 * Moves `usage_events` into a table of the current layout under the same name: copy into `next`, swap the names, drop
 * `previous`. Each statement may run again after a failure of a later one: leftovers of an interrupted attempt are
 * dropped first, and once the swap is done the copy is of the new table. The views are dropped before the swap and
 * created after it, so they read the new table on every release (18.16 binds a view to the name, current releases to
 * the table). The copy fires no view: aggregates stay as they are. docs/projector.md, "Moving an existing table".
 */
function movedUsageEvents(names: { previous: string; next: string; settings: string }): string[] {
  const { previous, next, settings } = names;
  return [
    `DROP TABLE IF EXISTS ${previous}`,
    `DROP TABLE IF EXISTS ${next}`,
    `CREATE TABLE ${next} (${eventColumns}
       ) ENGINE = MergeTree() PARTITION BY toYYYYMM(event_time) ORDER BY (source, event_time, event_id)${settings}`,
    `INSERT INTO ${next} (${USAGE_EVENT_COLUMNS}) SELECT ${USAGE_EVENT_COLUMNS} FROM usage_events`,
    `DROP TABLE IF EXISTS usage_hourly_mv`,
    `DROP TABLE IF EXISTS usage_daily_mv`,
    `RENAME TABLE usage_events TO ${previous}, ${next} TO usage_events`,
    ...aggregateViews,
    `DROP TABLE ${previous}`,
  ];
}

/**
 * The usage read model: raw events as projected, and aggregates fed from them by materialized views.
 * Every aggregate row keeps every statistic (sum, count, min, max, latest by event time, exact distinct
 * entities), so projection needs no metric catalog: the metric's kind picks the statistic at query time.
 * Ties in event time are broken by event id so that `last_value` is the same after any rebuild.
 * `usage_events` is ordered by the dedup key (source, event_time, event_id) since version 3: the fold looks every batch
 * up in it, and a batch's keys then sit in the few granules of its own time range however large the table grows;
 * since version 4 those granules hold 1,024 rows.
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
    statements: movedUsageEvents({ previous: 'usage_events_by_id', next: 'usage_events_by_time', settings: '' }),
    copiesFrom: 'usage_events',
  },
  {
    version: 4,
    name: 'usage events in granules of 1,024 rows',
    // The fold's look-up reads, in every part of a live batch's month, at least the granule of each source that holds
    // the batch's time range: at 8,192 rows 260,000-390,000 rows from 10 M rows on, which made a 5,000-event batch's
    // fold 2.2x its fold into an empty table at 100 M rows, 1.2x at 1,024 (bench/fold-growth). The index is 8 times
    // larger: about 7 MB of memory at 100 M rows.
    statements: movedUsageEvents({ previous: 'usage_events_coarse', next: 'usage_events_fine', settings: ' SETTINGS index_granularity = 1024' }),
    copiesFrom: 'usage_events',
  },
  {
    version: 5,
    name: 'daily distinct named entities',
    // `distinct` read the raw events, because usage_daily's uniqExact state counts '' as one more entity. A table of its
    // own, not a column of usage_daily: feeding a column would mean re-creating usage_daily_mv, and a fold between its
    // DROP and CREATE would leave usage_daily short for good. The view is created before the back-fill, so an event folded
    // after it is fed by the view, one already there is read by the back-fill, some by both: a distinct state counts an
    // entity written twice once, and every statement may run again. A fold in flight across the CREATE VIEW can fall
    // between (docs/scoring-service.md). On a cluster each server back-fills its local table from its local rows.
    statements: [
      `CREATE TABLE IF NOT EXISTS usage_daily_entities (
         platform String, metric String, agency String, dimensions String, day Date, entities AggregateFunction(uniqExactIf, String, UInt8)
       ) ENGINE = AggregatingMergeTree() PARTITION BY toYYYYMM(day) ORDER BY (${DAILY_BUCKET})`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS usage_daily_entities_mv TO usage_daily_entities AS ${dailyEntitiesSelect('usage_events')}`,
      `INSERT INTO usage_daily_entities (${DAILY_ENTITIES_COLUMNS}) ${dailyEntitiesSelect('usage_events')}`,
    ],
  },
];
