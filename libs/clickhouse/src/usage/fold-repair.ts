import type { BatchRange } from '@govmetrics/projection';
import { batchRows } from './usage-batch.clickhouse.adapter';
import type { AggregateTarget } from './usage.migrations';
import { AGGREGATE_STATES, AGGREGATE_TARGETS, DAILY_ENTITIES_COLUMNS, dailyEntitiesSelect } from './usage.migrations';

/** What the fold runs first to write the aggregates an earlier attempt of the batch left out (docs/cluster.md). */
export interface FoldRepair {
  /** `SELECT … AS folded`: how many of the batch's rows an earlier attempt folded; 0, the common case, skips `statements`. */
  folded(range: BatchRange): string;
  statements(range: BatchRange): string[];
}

const KEY = 'platform, metric, agency, dimensions';

const staged = (range: BatchRange) => `FROM usage_events_staging WHERE ${batchRows(range)}`;

/** This batch's rows that are already in usage_events, found through the key index like the fold's look-up. */
const foldedRows = (range: BatchRange): string => `${batchRows(range)}
      AND event_time BETWEEN (SELECT min(event_time) ${staged(range)}) AND (SELECT max(event_time) ${staged(range)})
      AND (source, event_time, event_id) IN (SELECT source, event_time, event_id ${staged(range)})`;

/**
 * 1 when `target` lacks as much as this batch's folded rows bring: in every bucket they fall in, the bucket's events in
 * usage_events exceed its count and sum in `target` by exactly this batch's count and sum there. So a repair never
 * takes a bucket's count or sum past usage_events'. A bucket spans at most a day, so its events lie within a day of the
 * batch's. One JOIN per SELECT: 18.16 allows no more.
 */
function contributionMissing(range: BatchRange, { table, bucket, expression }: AggregateTarget): string {
  const buckets = `(${KEY}, ${expression}) IN (SELECT ${KEY}, ${expression} FROM usage_events WHERE ${foldedRows(range)})`;
  const nearby = `event_time BETWEEN (SELECT min(event_time) - 86400 ${staged(range)}) AND (SELECT max(event_time) + 86400 ${staged(range)})`;
  const short = `toInt64(events) - toInt64(counted) = toInt64(held) AND abs(events_sum - counted_sum - held_sum) <= 1e-9 * greatest(1, abs(events_sum))`;
  return `SELECT count() > 0 AND countIf(${short}) = count() FROM (
      SELECT * FROM (
        SELECT ${KEY}, ${expression} AS ${bucket}, count() AS held, sum(value) AS held_sum
        FROM usage_events WHERE ${foldedRows(range)} GROUP BY ${KEY}, ${bucket}
      ) ANY INNER JOIN (
        SELECT ${KEY}, ${expression} AS ${bucket}, count() AS events, sum(value) AS events_sum
        FROM usage_events WHERE ${nearby} AND ${buckets} GROUP BY ${KEY}, ${bucket}
      ) USING ${KEY}, ${bucket}
    ) ANY LEFT JOIN (
      SELECT ${KEY}, ${bucket}, countMerge(event_count) AS counted, sumMerge(value_sum) AS counted_sum FROM ${table}
      WHERE (${KEY}, ${bucket}) IN (SELECT ${KEY}, ${expression} FROM usage_events WHERE ${foldedRows(range)}) GROUP BY ${KEY}, ${bucket}
    ) USING ${KEY}, ${bucket}`;
}

/**
 * Writes into `target` what its view would have written for this batch's rows when they are in usage_events and their
 * whole contribution is not: the hole a fold leaves when it fails after the raw part and before the views (docs/cluster.md).
 * Run before the fold, so "this batch's rows" are an earlier attempt's. The block is deterministic (rows by offset,
 * one thread), so a repeat of the repair is dropped by ReplicatedMergeTree's block deduplication.
 */
export function foldRepairStatement(range: BatchRange, target: AggregateTarget): string {
  const { table, bucket, expression } = target;
  return `INSERT INTO ${table} (${KEY}, ${bucket}, value_sum, event_count, value_min, value_max, last_value, entities)
    SELECT ${KEY}, ${expression} AS ${bucket},${AGGREGATE_STATES}
    FROM (SELECT * FROM usage_events WHERE ${foldedRows(range)} ORDER BY kafka_offset)
    WHERE (${contributionMissing(range, target)}) = 1
    GROUP BY ${KEY}, ${bucket}`;
}

/**
 * Writes the distinct entities of this batch's folded rows into usage_daily_entities, whether its view wrote them or not:
 * a distinct state written twice counts every entity once, so there is nothing to check first. Deterministic like
 * foldRepairStatement's block.
 */
const entitiesRepairStatement = (range: BatchRange): string =>
  `INSERT INTO usage_daily_entities (${DAILY_ENTITIES_COLUMNS})
    ${dailyEntitiesSelect(`(SELECT * FROM usage_events WHERE ${foldedRows(range)} ORDER BY kafka_offset)`)}`;

/** The repair of every aggregate, over `usage_events` and the aggregates as `tables` names them (the cluster's local ones). */
export const foldRepair = (tables: (statement: string) => string = (statement) => statement): FoldRepair => ({
  folded: (range) => tables(`SELECT count() AS folded FROM usage_events WHERE ${foldedRows(range)}`),
  statements: (range) => [...AGGREGATE_TARGETS.map((target) => foldRepairStatement(range, target)), entitiesRepairStatement(range)].map(tables),
});
