import { addDays } from '../days';
import type { Direction } from './status';

export type Reachability =
  | { state: 'met' }
  /** The last day the rest of the gap can start closing at the best daily rate and still close by the period's end. */
  | { state: 'reachable'; lastDay: string }
  | { state: 'unreachable' }
  | { state: 'no-data' };

/** The largest one-day move towards the goal seen in `history` (consecutive days with values). */
function bestDailyRate(direction: Direction, history: readonly (number | null)[]): number {
  let best = 0;
  history.forEach((value, i) => {
    const before = i === 0 ? null : history[i - 1];
    if (value === null || before === null || before === undefined) return;
    best = Math.max(best, direction === 'higher' ? value - before : before - value);
  });
  return best;
}

/**
 * Whether a goal can still be reached by `periodEnd`, and until when, at the best daily rate the measure has shown:
 * the optimistic bound, so "unreachable" means not even the best day seen, repeated every day left, gets there.
 * `history` is the measure's actual through each day of the period up to `asOf`.
 */
export function reachability(direction: Direction, goal: number | null, history: readonly (number | null)[], asOf: string, periodEnd: string): Reachability {
  const current = history[history.length - 1];
  if (goal === null || current === null || current === undefined) return { state: 'no-data' };
  const gap = direction === 'higher' ? goal - current : current - goal;
  if (gap <= 0) return { state: 'met' };
  const best = bestDailyRate(direction, history);
  if (best <= 0) return { state: 'unreachable' };
  const lastDay = addDays(periodEnd, 1 - Math.ceil(gap / best));
  return lastDay > asOf ? { state: 'reachable', lastDay } : { state: 'unreachable' };
}
