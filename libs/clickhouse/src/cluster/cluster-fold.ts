import type { BatchRange } from '@govmetrics/projection';
import { batchRows, foldStatement } from '../usage/usage-batch.clickhouse.adapter';
import { USAGE_EVENT_COLUMNS } from '../usage/usage-event.row';
import { foldRepair } from '../usage/fold-repair';
import { localTable } from './cluster-ddl';

const onLocalTables = (statement: string): string => statement.replace(/\busage_(events(_staging)?|hourly|daily(_entities)?)\b/g, (table) => localTable(table));

/**
 * The single-node fold over a server's local tables, with one change: `projected_at` is the batch's earliest staging
 * time, which every attempt reads alike (staging is written with the same quorum), so every attempt of a batch writes
 * byte-identical blocks and ReplicatedMergeTree's block deduplication drops a repeat on any replica of the shard
 * (and with it the views' inserts: 18.16 skips them for a deduplicated block). docs/cluster.md.
 */
export function clusterFoldStatement(range: BatchRange): string {
  const single = foldStatement(range);
  const projectedAt = `(SELECT min(projected_at) FROM ${localTable('usage_events_staging')} WHERE ${batchRows(range)}) AS projected_at`;
  const outerColumns = single.indexOf(USAGE_EVENT_COLUMNS, single.indexOf(USAGE_EVENT_COLUMNS) + 1);
  if (outerColumns < 0) throw new Error('cluster fold: the single-node fold no longer selects USAGE_EVENT_COLUMNS');
  const deterministic =
    single.slice(0, outerColumns) + USAGE_EVENT_COLUMNS.replace(/\bprojected_at$/, projectedAt) + single.slice(outerColumns + USAGE_EVENT_COLUMNS.length);
  return onLocalTables(deterministic);
}

/** The fold's repair of the aggregates (foldRepair) over a server's local tables. */
export const CLUSTER_FOLD_REPAIR = foldRepair(onLocalTables);
