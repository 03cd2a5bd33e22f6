import type { EventVerdict, UsageEvent } from '@govmetrics/contracts';
import type { IntakePolicy } from './intake-policy';
import { validateUsageEvent } from './validate-usage-event';

/** The dedup key of an event: (source, id), as the CloudEvents spec defines event identity; the length prefix keeps it unambiguous. */
export const dedupKey = (event: { source: string; id: string }): string => `${event.source.length}:${event.source}${event.id}`;

/** The verdict on every event of a batch, in order, and the events that may go on to the log. */
export interface BatchAssessment {
  verdicts: EventVerdict[];
  /** Valid events, first occurrence of each (source, id) only, with their index in the batch. */
  accepted: { index: number; event: UsageEvent }[];
}

const idOf = (item: unknown): string | undefined => {
  if (typeof item !== 'object' || item === null || !('id' in item)) return undefined;
  return typeof item.id === 'string' ? item.id : undefined;
};

/**
 * Judges each event on its own: one bad event never costs its neighbours their place. A valid event whose
 * (source, id) appeared earlier in the same batch is a `duplicate`, so a batch never writes one event twice.
 */
export function assessBatch(items: readonly unknown[], policy: IntakePolicy): BatchAssessment {
  const assessment: BatchAssessment = { verdicts: [], accepted: [] };
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const id = idOf(item);
    const validation = validateUsageEvent(item, policy);
    if (!validation.valid) {
      assessment.verdicts.push({ index, id, status: 'rejected', errors: validation.errors });
      return;
    }
    const key = dedupKey(validation.event);
    if (seen.has(key)) {
      assessment.verdicts.push({ index, id, status: 'duplicate' });
      return;
    }
    seen.add(key);
    assessment.accepted.push({ index, event: validation.event });
    assessment.verdicts.push({ index, id, status: 'accepted' });
  });
  return assessment;
}

/** Marks as `duplicate` the accepted events whose keys `alreadyAccepted` holds (accepted by an earlier batch). */
export function markDuplicates(assessment: BatchAssessment, alreadyAccepted: ReadonlySet<string>): BatchAssessment {
  if (alreadyAccepted.size === 0) return assessment;
  const duplicateIndexes = new Set(assessment.accepted.filter(({ event }) => alreadyAccepted.has(dedupKey(event))).map(({ index }) => index));
  return {
    verdicts: assessment.verdicts.map((verdict) => (duplicateIndexes.has(verdict.index) ? { index: verdict.index, id: verdict.id, status: 'duplicate' } : verdict)),
    accepted: assessment.accepted.filter(({ index }) => !duplicateIndexes.has(index)),
  };
}

/** Counts per status, for the answer and the sender's summary. */
export function countVerdicts(verdicts: readonly EventVerdict[]): Record<EventVerdict['status'], number> {
  const counts = { accepted: 0, duplicate: 0, rejected: 0 };
  for (const verdict of verdicts) counts[verdict.status] += 1;
  return counts;
}

/** The platforms a batch claims to write for, read leniently from items that may not be valid events. */
export function claimedPlatforms(items: readonly unknown[]): Set<string> {
  const platforms = new Set<string>();
  for (const item of items) {
    if (typeof item !== 'object' || item === null || !('data' in item)) continue;
    const data: unknown = item.data;
    if (typeof data === 'object' && data !== null && 'platform' in data && typeof data.platform === 'string') platforms.add(data.platform);
  }
  return platforms;
}
