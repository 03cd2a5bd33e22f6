import type { ScoreSnapshotRecorded } from '@govmetrics/contracts';
import type { CompletenessLedger } from './completeness-ledger';

type AggregateInput = ScoreSnapshotRecorded['aggregates'][number];

/** The Bangkok day of a snapshot's as-of (`YYYY-MM-DDT23:59:59+07:00`, written in Bangkok time). */
const asOfDay = (snapshot: ScoreSnapshotRecorded): string => snapshot.asOf.slice(0, 10);

/** The last day an input must be complete through for its score to be final: its range's end, or the as-of day when earlier. */
const neededThrough = (input: AggregateInput, day: string): string => (input.toDay < day ? input.toDay : day);

const isFinal = (input: AggregateInput, day: string): boolean => {
  const needed = neededThrough(input, day);
  // A range that begins after the as-of day reads nothing yet: nothing of it can still arrive late.
  if (needed < input.fromDay) return true;
  return input.completeThrough !== undefined && input.completeThrough !== null && input.completeThrough >= needed;
};

/**
 * The snapshot with each aggregate input's complete-through day (from its own first day, read up to the day it must
 * reach) and `provisional` set while any input is not complete through the as-of day (or its range's last day, when
 * earlier). A snapshot without aggregate inputs (attested values only) is final.
 */
export function withCompleteness(snapshot: ScoreSnapshotRecorded, ledger: CompletenessLedger): ScoreSnapshotRecorded {
  const day = asOfDay(snapshot);
  const aggregates = snapshot.aggregates.map((input) => ({
    ...input,
    completeThrough: ledger.completeThrough(input, input.fromDay, neededThrough(input, day)),
  }));
  return { ...snapshot, aggregates, provisional: !aggregates.every((input) => isFinal(input, day)) };
}

/** Whether two snapshots of a scorecard differ in what they say of completeness: worth recording even when no score moved. */
export function completenessChanged(previous: ScoreSnapshotRecorded | undefined, next: ScoreSnapshotRecorded): boolean {
  if (!previous || previous.provisional !== next.provisional || previous.aggregates.length !== next.aggregates.length) return true;
  return next.aggregates.some((input, i) => previous.aggregates[i]?.completeThrough !== input.completeThrough);
}
