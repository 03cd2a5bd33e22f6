import type { EventVerdict, UsageEvent } from '@govmetrics/contracts';
import { toRejections, UsageEventSchema } from '@govmetrics/contracts';

/** The verdict on every event of a batch, in order, and the events that may go on to the log. */
export interface BatchAssessment {
  verdicts: EventVerdict[];
  accepted: UsageEvent[];
}

const idOf = (item: unknown): string | undefined => {
  if (typeof item !== 'object' || item === null || !('id' in item)) return undefined;
  return typeof item.id === 'string' ? item.id : undefined;
};

/** Judges each event on its own: one bad event never costs its neighbours their place. */
export function assessBatch(items: readonly unknown[]): BatchAssessment {
  const assessment: BatchAssessment = { verdicts: [], accepted: [] };
  items.forEach((item, index) => {
    const result = UsageEventSchema.safeParse(item);
    const id = idOf(item);
    if (result.success) {
      assessment.accepted.push(result.data);
      assessment.verdicts.push({ index, id, status: 'accepted' });
    } else {
      assessment.verdicts.push({ index, id, status: 'rejected', errors: toRejections(result.error) });
    }
  });
  return assessment;
}
