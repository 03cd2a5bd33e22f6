import type { ClickHouseClient } from '@clickhouse/client';
import { toClickHouseError } from '../clickhouse-errors';
import { NonFiniteAggregateError } from '../kpi/non-finite-aggregate';
import { type SeriesSelection, seriesSql } from './series.sql';

/** One window of one group: `window` is a zone day (`YYYY-MM-DD`), or for hours the UTC epoch second the hour starts. */
export interface SeriesRow {
  group: string;
  window: string;
  value: number;
  events: number;
}

/**
 * The series' rows, at most `maxRows + 1` (one more than allowed tells the caller the limit was passed).
 * @throws NonFiniteAggregateError when a value is not a finite number (never answered as 0)
 */
export async function querySeries(client: ClickHouseClient, selection: SeriesSelection): Promise<SeriesRow[]> {
  let rows: { grp: string; win: string; value: string; events: number | string }[];
  try {
    const result = await client.query({ query: seriesSql(selection), format: 'JSONEachRow' });
    rows = await result.json();
  } catch (error) {
    throw toClickHouseError(`series query of ${selection.platform}/${selection.metric}`, error);
  }
  const broken = rows.find((row) => !Number.isFinite(Number(row.value)));
  if (broken !== undefined) {
    const agencies = selection.groupBy?.kind === 'agency' ? [broken.grp] : selection.agency === undefined ? null : [selection.agency];
    const { platform, metric, fromDay, toDay } = selection;
    throw new NonFiniteAggregateError({ platform, metric, agencies, fromDay, toDay }, broken.value);
  }
  return rows.map((row) => ({ group: row.grp, window: row.win, value: Number(row.value), events: Number(row.events) }));
}
