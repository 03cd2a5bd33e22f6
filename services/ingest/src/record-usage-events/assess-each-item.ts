import type { EventVerdict } from '@govmetrics/contracts';
import { assessBatch, type BatchAssessment, type Candidate, type IntakePolicy } from '@govmetrics/ingestion';

/** Rule of an item whose judging threw: refused, never the batch's 500. */
export const UNASSESSABLE_RULE = 'unassessable';

const unassessableVerdict = (item: unknown, index: number): EventVerdict => {
  const id = typeof item === 'object' && item !== null && 'id' in item && typeof item.id === 'string' ? item.id : undefined;
  const message = 'this event could not be judged (a fault on our side, logged for the operators); it was not accepted';
  return { index, id, status: 'rejected', errors: [{ path: '$', rule: UNASSESSABLE_RULE, message }] };
};

const throwsAlone = (item: unknown, policy: IntakePolicy): unknown => {
  try {
    assessBatch([item], policy);
    return undefined;
  } catch (error) {
    return error ?? new Error('thrown without a value');
  }
};

/**
 * `assessBatch`, except that an item whose judging throws becomes that item's `unassessable` rejection and the others
 * are judged as usual (in-batch repeats included). Only a batch that throws is judged again item by item, so the
 * common path costs nothing extra. `onFault` hears each culprit's error.
 */
export function assessEachItem(items: readonly unknown[], policy: IntakePolicy, onFault: (error: unknown, index?: number) => void): BatchAssessment {
  try {
    return assessBatch(items, policy);
  } catch {
    // Found below, item by item.
  }
  const faulty = new Set<number>();
  items.forEach((item, index) => {
    const error = throwsAlone(item, policy);
    if (error === undefined) return;
    faulty.add(index);
    onFault(error, index);
  });
  const kept = items.map((_, index) => index).filter((index) => !faulty.has(index));
  const assessment = safelyAssessed(kept.map((index) => items[index]), policy, onFault);
  const at = (candidate: Candidate): Candidate => ({ ...candidate, index: kept[candidate.index] ?? candidate.index });
  const verdicts = [
    ...assessment.verdicts.map((verdict) => ({ ...verdict, index: kept[verdict.index] ?? verdict.index })),
    ...[...faulty].map((index) => unassessableVerdict(items[index], index)),
  ].sort((a, b) => a.index - b.index);
  return { verdicts, accepted: assessment.accepted.map(at), repeats: assessment.repeats.map(at) };
}

// Items that judge fine alone but throw together (no such case is known): none of them is accepted, each is answered.
function safelyAssessed(items: readonly unknown[], policy: IntakePolicy, onFault: (error: unknown) => void): BatchAssessment {
  try {
    return assessBatch(items, policy);
  } catch (error) {
    onFault(error);
    return { verdicts: items.map((item, index) => unassessableVerdict(item, index)), accepted: [], repeats: [] };
  }
}
