import type { MetricKind } from '../series/metric-kind';

/** The explainable methods, each a daily rate carried over the days left (docs/foresight.md). */
export const FORECAST_METHODS = ['trend', 'run-rate-30', 'year-to-date', 'last-year'] as const;
export type ForecastMethod = (typeof FORECAST_METHODS)[number];

/** The window of `run-rate-30`, and how far back a distinct count's discovery rate is read. */
export const RECENT_DAYS = 30;
/** Half-width of the interval in standard deviations: 90 % two-sided for a normal random walk. */
export const INTERVAL_Z = 1.645;

export interface RunningSeries {
  kind: MetricKind;
  /** The statistic over the period from its first day through each day so far, oldest first; `null` while no event matched. */
  running: readonly (number | null)[];
  /** Days left in the period after the last day of `running`. */
  remainingDays: number;
  /** The same statistic through each day of the previous year's period; absent when there is no history. */
  lastYear?: readonly (number | null)[];
}

export interface Interval {
  low: number;
  expected: number;
  high: number;
}

/**
 * The levels a rate is read from, one a day: counters and distinct counts start from 0 the day before the period
 * (nothing counted yet); a gauge has no level before its first reading.
 */
function levelsOf(series: RunningSeries): number[] {
  if (series.kind === 'gauge') return series.running.flatMap((value) => (value === null ? [] : [value]));
  return [0, ...series.running.map((value) => value ?? 0)];
}

/** Mean daily change over the last `window` days of `levels` (all of them when fewer). */
function windowRate(levels: readonly number[], window: number): number {
  const last = levels.length - 1;
  const from = Math.max(0, last - window);
  return last === from ? 0 : ((levels[last] ?? 0) - (levels[from] ?? 0)) / (last - from);
}

/** Least-squares slope of the levels against their day index. */
function trendRate(levels: readonly number[]): number {
  const n = levels.length;
  if (n < 2) return 0;
  const meanX = (n - 1) / 2;
  const meanY = levels.reduce((sum, level) => sum + level, 0) / n;
  let covariance = 0;
  let variance = 0;
  levels.forEach((level, x) => {
    covariance += (x - meanX) * (level - meanY);
    variance += (x - meanX) ** 2;
  });
  return covariance / variance;
}

/** Last year's rate over the same remaining days: its growth factor for accumulating kinds, its change for a gauge. */
function lastYearRate(series: RunningSeries, now: number): number | null {
  const history = series.lastYear;
  const then = history?.[series.running.length - 1];
  const end = history?.[history.length - 1];
  if (then === null || then === undefined || end === null || end === undefined || series.remainingDays === 0) return null;
  if (series.kind === 'gauge') return (end - then) / series.remainingDays;
  return then > 0 ? (now * (end / then) - now) / series.remainingDays : null;
}

/** Counters never fall; a distinct count neither falls nor finds new entities faster than it lately did. */
function bounded(rate: number, kind: MetricKind, levels: readonly number[]): number {
  if (kind === 'gauge') return rate;
  const rising = Math.max(0, rate);
  return kind === 'distinct' ? Math.min(rising, Math.max(0, windowRate(levels, RECENT_DAYS))) : rising;
}

function standardDeviation(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length);
}

/**
 * The period-end value of a running statistic: the level reached plus a method's daily rate over the days left,
 * with an interval of ±INTERVAL_Z standard deviations of the daily changes seen so far, widened as √(days left)
 * (a random walk). Counters and distinct counts never end below the level already reached.
 * `null` when nothing was seen yet, or `last-year` has no history for these days.
 */
export function forecastSeries(method: ForecastMethod, series: RunningSeries): Interval | null {
  const levels = levelsOf(series);
  const now = levels[levels.length - 1];
  if (now === undefined || series.running.every((value) => value === null)) return null;
  const raw =
    method === 'last-year'
      ? lastYearRate(series, now)
      : method === 'trend'
        ? trendRate(levels)
        : windowRate(levels, method === 'run-rate-30' ? RECENT_DAYS : levels.length);
  if (raw === null) return null;
  const expected = now + bounded(raw, series.kind, levels) * series.remainingDays;
  const changes = levels.slice(1).map((level, i) => level - (levels[i] ?? 0));
  const halfWidth = INTERVAL_Z * standardDeviation(changes) * Math.sqrt(series.remainingDays);
  const low = expected - halfWidth;
  return { low: series.kind === 'gauge' ? low : Math.max(now, low), expected, high: expected + halfWidth };
}

/** The method with the lowest mean error in the FY2564 backtest (docs/foresight.md; a test keeps the two in step). */
export const DEFAULT_FORECAST_METHOD: ForecastMethod = 'year-to-date';
