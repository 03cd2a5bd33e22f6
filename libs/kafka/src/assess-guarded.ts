import type { BatchAssessment } from '@govmetrics/ingestion';
import { UNASSESSABLE_RULE } from '@govmetrics/ingestion';

/** Judges a batch's raw values in order (the relay's `assess`). */
export type AssessRaw = (values: readonly (Buffer | null)[]) => BatchAssessment;

const throwsOn = (assess: AssessRaw, value: Buffer | null): unknown => {
  try {
    assess([value]);
    return undefined;
  } catch (error) {
    return error ?? new Error('threw a nullish value');
  }
};

/**
 * The batch's assessment, even when `assess` throws: then each record is judged alone to find those whose judging
 * throws, and the batch is judged again with those as empty values (keeping in-batch duplicate detection); they end
 * `unassessable`. Should that throw too, every record is `unassessable`: dead-lettered, kept, never retried forever.
 */
export function assessGuarded(assess: AssessRaw, values: readonly (Buffer | null)[]): BatchAssessment {
  try {
    return assess(values);
  } catch (batchError) {
    const failures = new Map<number, unknown>();
    values.forEach((value, index) => {
      const error = throwsOn(assess, value);
      if (error !== undefined) failures.set(index, error);
    });
    let assessment: BatchAssessment = { verdicts: [], accepted: [], repeats: [] };
    try {
      assessment = assess(values.map((value, index) => (failures.has(index) ? null : value)));
    } catch {
      values.forEach((_, index) => failures.set(index, failures.get(index) ?? batchError));
    }
    return markUnassessable(assessment, values.length, failures);
  }
}

function markUnassessable(assessment: BatchAssessment, size: number, failures: ReadonlyMap<number, unknown>): BatchAssessment {
  const verdicts = new Map(assessment.verdicts.map((verdict) => [verdict.index, verdict]));
  for (const [index, error] of failures) {
    const message = `judging this record threw (${error instanceof Error ? error.message : String(error)}); it is kept here, the partition moves on`;
    verdicts.set(index, { index, status: 'rejected', errors: [{ path: '$', rule: UNASSESSABLE_RULE, message: message.slice(0, 1000) }] });
  }
  return {
    verdicts: Array.from({ length: size }, (_, index) => verdicts.get(index)).filter((verdict) => verdict !== undefined),
    accepted: assessment.accepted.filter(({ index }) => !failures.has(index)),
    repeats: assessment.repeats.filter(({ index }) => !failures.has(index)),
  };
}
