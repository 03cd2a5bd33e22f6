import type { EventVerdict, Rejection, UsageEvent } from '@govmetrics/contracts';
import { ID_REUSED_WITH_DIFFERENT_DATA_RULE, isWellFormedUnicode } from '@govmetrics/contracts';
import type { EventClaim, PriorAcceptances } from './accepted-events.port';
import { contentDigest } from './content-digest';
import type { IntakePolicy } from './intake-policy';
import { RejectionBudget } from './rejection-caps';
import { ownMember } from './own-member';
import { judgeUsageEvent } from './validate-usage-event';

/** Rule of an item whose judging threw: that item's rejection, never a 500 or a batch retried forever. */
export const UNASSESSABLE_RULE = 'unassessable';

/** Rule of an event whose `data.platform` is not the platform its sender authenticated as. */
export const PLATFORM_NOT_OF_KEY_RULE = 'platform_not_of_key';

/** Who sent the batch, when the intake knows it, and who hears of an item whose judging threw. */
export interface AssessOptions {
  /** The authenticated platform: an event of any other platform is that event's rejection, its neighbours are judged as usual. */
  platform?: string;
  /** Told each fault with the item's position: the answer says only that the event could not be judged. */
  onFault?: (error: unknown, index: number) => void;
}

const MAX_ECHOED_ID_CHARS = 128;

/** The dedup key of an event: (source, id), as the CloudEvents spec defines event identity; the length prefix keeps it unambiguous. */
export const dedupKey = (event: { source: string; id: string }): string => `${event.source.length}:${event.source}${event.id}`;

/** A valid event of a batch, with its position and content digest. */
export interface Candidate {
  index: number;
  event: UsageEvent;
  digest: string;
}

/** The verdict on every event of a batch, in order, and the events that may go on to the log. */
export interface BatchAssessment {
  verdicts: EventVerdict[];
  /** Valid events, first occurrence of each (source, id) only: what the batch claims and publishes. */
  accepted: Candidate[];
  /** Valid events whose (source, id) came earlier in the batch, judged against that first occurrence. */
  repeats: Candidate[];
}

/** The item's id, echoed in its verdict only when the contract could accept it: a megabyte id is not sent back. */
const idOf = (item: unknown): string | undefined => {
  const id = ownMember(item, 'id');
  return typeof id === 'string' && id.length <= MAX_ECHOED_ID_CHARS && isWellFormedUnicode(id) ? id : undefined;
};

/**
 * A repeat of an accepted (source, id): `duplicate` when its content is the original's,
 * else `rejected` — an id reused for other data is a client error, and publishing it could count both copies.
 */
function repeatVerdict(repeat: Candidate, originalDigest: string, original: string): EventVerdict {
  const { index, event } = repeat;
  if (originalDigest === repeat.digest) return { index, id: event.id, status: 'duplicate' };
  const message = `(source, id) ${original} with other content (time, subject or data); resend an event unchanged, give a new observation a new id`;
  return { index, id: event.id, status: 'rejected', errors: [{ path: '$.id', rule: ID_REUSED_WITH_DIFFERENT_DATA_RULE, message }] };
}

/**
 * Judges each event on its own: one bad event never costs its neighbours their place, and an event whose judging
 * throws is rejected as `unassessable`. A valid event whose (source, id) appeared earlier in the same batch is a
 * `duplicate` with the same content and rejected with other content, so a batch never writes one event twice.
 * Rejections are capped per event and per batch (`rejection-caps.ts`), so the answer stays small.
 */
export function assessBatch(items: readonly unknown[], policy: IntakePolicy, options: AssessOptions = {}): BatchAssessment {
  const assessment: BatchAssessment = { verdicts: [], accepted: [], repeats: [] };
  // First occurrences by source, then id: no (source, id) string to build and hash per event (a batch has one source or few).
  const firsts = new Map<string, Map<string, Candidate>>();
  const budget = new RejectionBudget();
  items.forEach((item, index) => {
    try {
      assessItem(item, index, { assessment, firsts, budget, policy, platform: options.platform });
    } catch (error) {
      options.onFault?.(error, index);
      const message = 'the intake could not judge this event (a fault on our side, logged for the operators); it was not accepted';
      assessment.verdicts.push({ index, status: 'rejected', errors: budget.cap([{ path: '$', rule: UNASSESSABLE_RULE, message }]) });
    }
  });
  return assessment;
}

interface BatchState {
  assessment: BatchAssessment;
  firsts: Map<string, Map<string, Candidate>>;
  budget: RejectionBudget;
  policy: IntakePolicy;
  platform: string | undefined;
}

/** The rejection of an item that claims a platform other than its sender's (read leniently: the item may be no event at all). */
function foreignPlatform(item: unknown, platform: string | undefined): Rejection[] {
  const claimed = ownMember(ownMember(item, 'data'), 'platform');
  if (platform === undefined || typeof claimed !== 'string' || claimed === platform) return [];
  return [
    {
      path: '$.data.platform',
      rule: PLATFORM_NOT_OF_KEY_RULE,
      message: `this key writes for "${platform}" only; send each platform's events with its own key`,
    },
  ];
}

function assessItem(item: unknown, index: number, { assessment, firsts, budget, policy, platform }: BatchState): void {
  const validation = judgeUsageEvent(item, policy);
  const foreign = foreignPlatform(item, platform);
  if (!validation.valid || foreign.length > 0) {
    const errors = validation.valid ? foreign : [...foreign, ...validation.errors];
    assessment.verdicts.push({ index, id: idOf(item), status: 'rejected', errors: budget.cap(errors) });
    return;
  }
  const { event } = validation;
  const candidate = { index, event, digest: contentDigest(event) };
  let fromSource = firsts.get(event.source);
  if (!fromSource) firsts.set(event.source, (fromSource = new Map<string, Candidate>()));
  const first = fromSource.get(event.id);
  if (first) {
    assessment.repeats.push(candidate);
    assessment.verdicts.push(repeatVerdict(candidate, first.digest, `came as event ${first.index} of this batch`));
    return;
  }
  fromSource.set(event.id, candidate);
  assessment.accepted.push(candidate);
  assessment.verdicts.push({ index, id: event.id, status: 'accepted' });
}

/** What the batch claims in the registry: its first occurrences. */
export const claimsOf = (assessment: BatchAssessment): EventClaim[] =>
  assessment.accepted.map(({ event, digest }) => ({ source: event.source, id: event.id, digest }));

/**
 * Judges again, against the registry's memory, the events whose (source, id) an earlier batch accepted: the first
 * occurrence and its repeats in this batch alike, since the earlier batch holds the original. They stay off the log.
 */
export function applyPriorAcceptances(assessment: BatchAssessment, acceptedBefore: PriorAcceptances): BatchAssessment {
  if (acceptedBefore.size === 0) return assessment;
  const judged = new Map<number, EventVerdict>();
  for (const candidate of [...assessment.accepted, ...assessment.repeats]) {
    const original = acceptedBefore.get(dedupKey(candidate.event));
    if (original) judged.set(candidate.index, repeatVerdict(candidate, original.digest, `was accepted at ${original.acceptedAt.toISOString()}`));
  }
  return {
    verdicts: assessment.verdicts.map((verdict) => judged.get(verdict.index) ?? verdict),
    accepted: assessment.accepted.filter(({ event }) => !acceptedBefore.has(dedupKey(event))),
    repeats: assessment.repeats,
  };
}

/** Counts per status, for the answer and the sender's summary. */
export function countVerdicts(verdicts: readonly EventVerdict[]): Record<EventVerdict['status'], number> {
  const counts = { accepted: 0, duplicate: 0, rejected: 0 };
  for (const verdict of verdicts) counts[verdict.status] += 1;
  return counts;
}
