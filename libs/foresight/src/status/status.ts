import type { ScoringMethod } from '@govmetrics/contracts';
import { Exact, scoreMeasure } from '@govmetrics/scoring';
import type { Interval } from '../methods/forecast-method';

export type Status = 'on-track' | 'at-risk' | 'off-track';

/** Worst first: a parent is as bad as its worst child. */
export const STATUSES: readonly Status[] = ['off-track', 'at-risk', 'on-track'];

export const worstOf = (statuses: readonly Status[]): Status =>
  statuses.reduce((worst, status) => (STATUSES.indexOf(status) < STATUSES.indexOf(worst) ? status : worst), 'on-track');

export type Direction = 'higher' | 'lower';

export const directionOf = (method: ScoringMethod): Direction =>
  method.kind === 'inverse-ratio' || (method.kind === 'bands' && method.direction === 'lower-is-better') ? 'lower' : 'higher';

/** The value a measure has to reach: its target, or for bands the best band's threshold; a milestone's is 1 by default. */
export function goalOf(method: ScoringMethod, target: number | null): number | null {
  if (method.kind === 'bands') return method.bands[0]?.threshold ?? null;
  return target ?? (method.kind === 'milestone' ? 1 : null);
}

/** Whether `actual` earns what reaching the goal earns, by the catalog's own scoring rule. */
export function meetsTarget(method: ScoringMethod, actual: number, target: number | null): boolean {
  const goal = goalOf(method, target);
  if (goal === null) return false;
  const goalExact = method.kind === 'bands' ? null : Exact.fromNumber(goal);
  const full = scoreMeasure(method, Exact.fromNumber(goal), goalExact);
  return scoreMeasure(method, Exact.fromNumber(actual), goalExact).compare(full) >= 0;
}

/**
 * On track when even the pessimistic end of the period-end interval meets the target, off track when not even the
 * optimistic end does, at risk in between; with nothing to forecast from, at risk (the interval is everything).
 */
export function statusOf(method: ScoringMethod, target: number | null, forecast: Interval | null): Status {
  if (forecast === null) return 'at-risk';
  const [pessimistic, optimistic] = directionOf(method) === 'higher' ? [forecast.low, forecast.high] : [forecast.high, forecast.low];
  if (meetsTarget(method, pessimistic, target)) return 'on-track';
  return meetsTarget(method, optimistic, target) ? 'at-risk' : 'off-track';
}
