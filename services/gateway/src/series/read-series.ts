import type { ClickHouseClient } from '@clickhouse/client';
import { querySeries, type SeriesRow, type SeriesSelection } from '@govmetrics/clickhouse';
import type { SeriesAnswer, SeriesGroup, SeriesQuery } from '@govmetrics/contracts';
import { SERIES_LIMITS, zoneSpelling } from '@govmetrics/contracts';
import { QueryTooLargeError } from './query-too-large';
import { windowLabel, windowStart } from './series-labels';

function selectionOf(query: SeriesQuery): SeriesSelection {
  const groupBy =
    query.group_by === undefined
      ? undefined
      : query.group_by === 'agency'
        ? { kind: 'agency' as const }
        : { kind: 'dimension' as const, key: query.group_by.slice('dimension:'.length) };
  const { platform, metric, statistic, window, zone, agency, top } = query;
  return { platform, metric, statistic, window, zone, fromDay: query.from, toDay: query.to, groupBy, agency, top, maxRows: SERIES_LIMITS.rows };
}

function grouped(query: SeriesQuery, rows: readonly SeriesRow[]): SeriesGroup[] {
  const groups = new Map<string, SeriesGroup>();
  for (const row of rows) {
    let group = groups.get(row.group);
    if (group === undefined) {
      group = { group: query.group_by === undefined ? null : row.group, points: [] };
      groups.set(row.group, group);
    }
    const start = windowStart(query.window, query.zone, row.window);
    group.points.push({ start, label: windowLabel(query.window, start), value: row.value, events: row.events });
  }
  return [...groups.values()];
}

/**
 * The series a query asks for, or QueryTooLargeError when it has more points or groups than a query may return.
 * @throws NonFiniteAggregateError when a value is not finite
 */
export async function readSeries(clickhouse: ClickHouseClient, asked: SeriesQuery): Promise<SeriesAnswer> {
  // ClickHouse matches zone names case-sensitively: `asia/bangkok` is read, and answered, as `Asia/Bangkok`.
  const query = { ...asked, zone: zoneSpelling(asked.zone) };
  const rows = await querySeries(clickhouse, selectionOf(query));
  if (rows.length > SERIES_LIMITS.rows) {
    const message = `the series has more than ${SERIES_LIMITS.rows} points: narrow the range, take a coarser window or fewer groups (top)`;
    throw new QueryTooLargeError({ error: 'query_too_large', limit: 'rows', max: SERIES_LIMITS.rows, message });
  }
  const series = grouped(query, rows);
  if (series.length > SERIES_LIMITS.groups) {
    const message = `group_by=${query.group_by} gives ${series.length} groups, more than ${SERIES_LIMITS.groups}: ask for the top ones (top=N) or filter`;
    throw new QueryTooLargeError({ error: 'query_too_large', limit: 'groups', max: SERIES_LIMITS.groups, message });
  }
  const { platform, metric, statistic, window, zone, from, to } = query;
  return { platform, metric, statistic, window, zone, from, to, groupBy: query.group_by ?? null, agency: query.agency ?? null, top: query.top ?? null, series };
}
