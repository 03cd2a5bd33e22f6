import type { SeriesWindow, Statistic } from '@govmetrics/contracts';
import { sqlString } from '../sql';

/** What a series reads: one metric's statistic per window of a zone's calendar, per group. */
export interface SeriesSelection {
  platform: string;
  metric: string;
  statistic: Statistic;
  window: SeriesWindow;
  /** IANA zone whose calendar cuts the windows; a whole number of hours from UTC over the range. */
  zone: string;
  /** Days of the zone, inclusive, `YYYY-MM-DD`. */
  fromDay: string;
  toDay: string;
  groupBy?: { kind: 'agency' } | { kind: 'dimension'; key: string };
  agency?: string;
  /** Only the groups with the highest value over the whole range. */
  top?: number;
  /** Rows read at most; one more is read so that the caller can tell the limit was passed. */
  maxRows: number;
}

/** The window a zone day falls in; the Thai fiscal year starts on 1 October (FY2564: 2020-10-01 to 2021-09-30). */
const DAY_WINDOWS: Record<Exclude<SeriesWindow, 'hour'>, (day: string) => string> = {
  day: (day) => day,
  week: (day) => `toMonday(${day})`,
  month: (day) => `toStartOfMonth(${day})`,
  quarter: (day) => `toStartOfQuarter(${day})`,
  fiscal_year: (day) => `addMonths(toStartOfYear(addMonths(${day}, 3)), -3)`,
};

interface Source {
  table: string;
  /** The zone day of a row. */
  day: string;
  /** The UTC hour a row starts, where the table has one. */
  hour?: string;
  range: string;
}

/** The calendar day after `day` (`YYYY-MM-DD`): a range of days ends before the next one's midnight. */
export const nextDay = (day: string): string => new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10);

function timedSource(table: string, column: string, selection: SeriesSelection): Source {
  const zone = sqlString(selection.zone);
  const start = `toDateTime(${sqlString(`${selection.fromDay} 00:00:00`)}, ${zone})`;
  const end = `toDateTime(${sqlString(`${nextDay(selection.toDay)} 00:00:00`)}, ${zone})`;
  return { table, day: `toDate(toTimeZone(${column}, ${zone}))`, hour: `toStartOfHour(${column})`, range: `${column} >= ${start} AND ${column} < ${end}` };
}

/**
 * The coarsest table that holds the answer: Bangkok days of days and longer windows in Bangkok; UTC hours for hours and
 * for other zones (their midnights fall on UTC hours); raw events for distinct entities, whose aggregate state counts the
 * '' of events without an entity as one more.
 */
function sourceOf(selection: SeriesSelection): Source {
  if (selection.statistic === 'distinct') return timedSource('usage_events', 'event_time', selection);
  if (selection.window !== 'hour' && selection.zone === 'Asia/Bangkok') {
    const range = `day >= toDate(${sqlString(selection.fromDay)}) AND day <= toDate(${sqlString(selection.toDay)})`;
    return { table: 'usage_daily', day: 'day', range };
  }
  return timedSource('usage_hourly', 'hour', selection);
}

const windowOf = (selection: SeriesSelection, source: Source): string =>
  selection.window === 'hour' ? `toString(toUnixTimestamp(${source.hour ?? 'hour'}))` : `toString(${DAY_WINDOWS[selection.window](source.day)})`;

function groupOf(selection: SeriesSelection): string {
  if (selection.groupBy === undefined) return "''";
  return selection.groupBy.kind === 'agency' ? 'agency' : `visitParamExtractString(dimensions, ${sqlString(selection.groupBy.key)})`;
}

/** The outer statistic over per-agency rows `s` (sum), `n` (events), `l` (latest): a gauge's level is the sum of its agencies' latest. */
const OUTER: Record<Exclude<Statistic, 'distinct'>, string> = {
  sum: 'sum(s_)',
  count: 'sum(n_)',
  average: 'sum(s_) / sum(n_)',
  latest: 'sum(l_)',
  agencies: 'count()',
};

/** `g_` (group), the `keys` beside it, `v_` (the statistic) and `e_` (events) of the rows `conditions` select. */
function statisticSelect(selection: SeriesSelection, source: Source, conditions: string, keys: string[]): string {
  const group = [`${groupOf(selection)} AS g_`, ...keys].join(', ');
  const names = ['g_', ...keys.map((key) => key.split(' AS ')[1])].join(', ');
  if (selection.statistic === 'distinct')
    return `SELECT ${group}, uniqExactIf(entity, entity != '') AS v_, count() AS e_ FROM ${source.table} WHERE ${conditions} GROUP BY ${names}`;
  const perAgency =
    `SELECT ${group}, agency AS a_, sumMerge(value_sum) AS s_, countMerge(event_count) AS n_, argMaxMerge(last_value) AS l_ ` +
    `FROM ${source.table} WHERE ${conditions} GROUP BY ${names}, a_`;
  return `SELECT ${names}, ${OUTER[selection.statistic]} AS v_, sum(n_) AS e_ FROM (${perAgency}) GROUP BY ${names}`;
}

/**
 * The SELECT of a series: `grp`, `win` (a zone day, or for hours the UTC epoch second), `value` as text (ClickHouse's
 * JSON renders inf and nan as null), `events`; ordered by group and window, at most `maxRows + 1` rows.
 */
export function seriesSql(selection: SeriesSelection): string {
  const source = sourceOf(selection);
  const conditions = [`platform = ${sqlString(selection.platform)}`, `metric = ${sqlString(selection.metric)}`, source.range];
  if (selection.agency !== undefined) conditions.push(`agency = ${sqlString(selection.agency)}`);
  if (selection.top !== undefined) {
    const ranked = statisticSelect(selection, source, conditions.join(' AND '), []);
    conditions.push(`${groupOf(selection)} IN (SELECT g_ FROM (${ranked}) ORDER BY v_ DESC, g_ LIMIT ${selection.top})`);
  }
  const windows = statisticSelect(selection, source, conditions.join(' AND '), [`${windowOf(selection, source)} AS w_`]);
  return `SELECT g_ AS grp, w_ AS win, toString(v_) AS value, e_ AS events FROM (${windows}) ` + `ORDER BY grp, win LIMIT ${selection.maxRows + 1}`;
}
