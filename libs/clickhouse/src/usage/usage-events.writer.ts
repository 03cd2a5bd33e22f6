import type { ClickHouseClient } from '@clickhouse/client';
import { toClickHouseError } from '../clickhouse-errors';
import type { UsageEventRow } from './usage-event.row';

/** Appends projected events; the materialized views update the aggregates in the same insert. */
export async function insertUsageEvents(client: ClickHouseClient, rows: readonly UsageEventRow[]): Promise<void> {
  if (rows.length === 0) return;
  try {
    await client.insert({ table: 'usage_events', values: rows as UsageEventRow[], format: 'JSONEachRow' });
  } catch (error) {
    throw toClickHouseError(`insert ${rows.length} usage events`, error);
  }
}
