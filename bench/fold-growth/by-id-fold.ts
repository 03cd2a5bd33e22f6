import { USAGE_EVENT_COLUMNS, USAGE_MIGRATIONS } from '@govmetrics/clickhouse';
import type { BatchRange } from '@govmetrics/projection';

/** The layout before migration 3: `usage_events` ordered by (source, event_id). */
export const BY_ID_MIGRATIONS = USAGE_MIGRATIONS.filter((migration) => migration.version < 3);

/** The baseline: the fold as it ran on that layout (foldStatement before migration 3), its look-up keyed on (source, event_id) only. */
export function byIdFoldStatement(range: BatchRange): string {
  const inBatch = `kafka_partition = ${range.partition} AND kafka_offset BETWEEN ${BigInt(range.firstOffset)} AND ${BigInt(range.lastOffset)}`;
  return `INSERT INTO usage_events (${USAGE_EVENT_COLUMNS})
    SELECT ${USAGE_EVENT_COLUMNS} FROM (
      SELECT ${USAGE_EVENT_COLUMNS} FROM usage_events_staging
      WHERE ${inBatch}
        AND (source, event_id) NOT IN (
          SELECT source, event_id FROM usage_events
          WHERE (source, event_id) IN (SELECT source, event_id FROM usage_events_staging WHERE ${inBatch}))
      ORDER BY kafka_offset
      LIMIT 1 BY source, event_id)`;
}
