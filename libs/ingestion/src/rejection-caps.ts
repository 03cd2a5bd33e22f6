import type { Rejection } from '@govmetrics/contracts';
import { toWellFormedUnicode, VERDICT_LIMITS } from '@govmetrics/contracts';

/** Rule of the marker that ends a capped rejection list, at `$`: how many more rejections were not listed. */
export const TOO_MANY_ERRORS_RULE = 'too_many_errors';

/** Per event: enough to fix a handful of fields at once; one hostile event cannot make a megabyte answer or DLQ header. */
export const MAX_REJECTIONS_PER_EVENT = VERDICT_LIMITS.rejectionsPerEvent;
export const MAX_MESSAGE_CHARS = VERDICT_LIMITS.messageChars;
export const MAX_PATH_CHARS = VERDICT_LIMITS.pathChars;
/** Per batch: rejections listed in full; past it, each rejected event lists its first rejection and a marker. */
export const MAX_REJECTIONS_PER_BATCH = VERDICT_LIMITS.rejectionsPerAnswer;

const QUOTED_CHARS = 40;

/** At most `max` characters of `text`, an ellipsis where cut, lone surrogates (also from a cut pair) as U+FFFD. */
export const clip = (text: string, max: number): string => toWellFormedUnicode(text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** A value quoted in a message: JSON-quoted, at most 40 characters of it. */
export const quoted = (text: string): string => JSON.stringify(clip(text, QUOTED_CHARS));

const bounded = ({ path, rule, message }: Rejection): Rejection => ({ path: clip(path, MAX_PATH_CHARS), rule, message: clip(message, MAX_MESSAGE_CHARS) });

const marker = (more: number, why: string): Rejection => ({
  path: '$',
  rule: TOO_MANY_ERRORS_RULE,
  message: `${more} more rejection${more === 1 ? '' : 's'} not listed: ${why}`,
});

/** The first `keep` rejections, bounded, then one marker counting the rest (when there is a rest). */
function keepFirst(rejections: readonly Rejection[], keep: number, why: string): Rejection[] {
  if (rejections.length <= keep) return rejections.map(bounded);
  return [...rejections.slice(0, keep).map(bounded), marker(rejections.length - keep, why)];
}

const PER_EVENT = `an event's verdict lists at most ${MAX_REJECTIONS_PER_EVENT}`;
const PER_BATCH = `an answer lists at most ${MAX_REJECTIONS_PER_BATCH} in full, then one per event`;

/** One event's rejections as its verdict lists them: at most 20 plus a `too_many_errors` marker, every path and message bounded. */
export const capRejections = (rejections: readonly Rejection[]): Rejection[] => keepFirst(rejections, MAX_REJECTIONS_PER_EVENT, PER_EVENT);

/** Hands out a batch's budget of listed rejections, event after event: once spent, each event lists its first and a marker. */
export class RejectionBudget {
  private left: number = MAX_REJECTIONS_PER_BATCH;

  cap(rejections: readonly Rejection[]): Rejection[] {
    const keep = Math.max(1, Math.min(MAX_REJECTIONS_PER_EVENT, this.left));
    this.left = Math.max(0, this.left - Math.min(keep, rejections.length));
    return keepFirst(rejections, keep, keep < MAX_REJECTIONS_PER_EVENT ? PER_BATCH : PER_EVENT);
  }
}
