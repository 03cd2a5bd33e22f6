import { daysBetween } from '../days';
import type { Direction } from './status';

/** The windows of the burn-rate style signal, in days: a short one that reacts, a long one that confirms. */
export const PACE_WINDOWS = { short: 7, long: 30 } as const;

/**
 * How fast a measure moved towards its goal over each window, as a multiple of the pace that would reach the goal
 * exactly on the period's last day (1 = just enough). `behind` only when both windows are below 1, as multiwindow
 * burn-rate alerts do: a slow week inside a good month is not yet a signal.
 */
export interface Pace {
  short: number;
  long: number;
  behind: boolean;
}

/** The move towards the goal per day over the last `window` days of `history` (fewer when the history is shorter). */
function movedPerDay(direction: Direction, history: readonly (number | null)[], window: number): number | null {
  const last = history.length - 1;
  const from = Math.max(0, last - window);
  const [start, end] = [history[from], history[last]];
  if (last === from || start === null || start === undefined || end === null || end === undefined) return null;
  return (direction === 'higher' ? end - start : start - end) / (last - from);
}

/**
 * The pace signal of a measure from its actual through each day of the period up to `asOf`; `null` when the goal is
 * met or unknown, the period is over, or the history is too short to measure a move.
 */
export function paceOf(direction: Direction, goal: number | null, history: readonly (number | null)[], asOf: string, periodEnd: string): Pace | null {
  const current = history[history.length - 1];
  const daysLeft = daysBetween(asOf, periodEnd);
  if (goal === null || current === null || current === undefined || daysLeft <= 0) return null;
  const gap = direction === 'higher' ? goal - current : current - goal;
  if (gap <= 0) return null;
  const needed = gap / daysLeft;
  const [short, long] = [movedPerDay(direction, history, PACE_WINDOWS.short), movedPerDay(direction, history, PACE_WINDOWS.long)];
  if (short === null || long === null) return null;
  return { short: short / needed, long: long / needed, behind: short < needed && long < needed };
}
