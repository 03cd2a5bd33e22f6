import type { KafkaMessage } from 'kafkajs';
import type { Culprit } from './poison';
import { claimedEvent } from './quarantine-entry';

/** Per batch, this many quarantined records get a log line of their own; one more line counts the rest. */
export const QUARANTINE_LINES_PER_BATCH = 100;

/** The contract's longest source: a longer claim is not repeated in a log. */
const MAX_NAMED_CHARS = 256;

/** A log line as Nest's logger takes it with fields (`libs/lifecycle`'s `LogRecord`). */
type LogRecord = { msg: string } & Record<string, unknown>;

/** What a record claims to be (source, id, platform), the claims that are short text only. */
function namesOf(value: Buffer | null): Record<string, string> {
  const claimed = claimedEvent(value) ?? {};
  return Object.fromEntries(
    Object.entries(claimed).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].length <= MAX_NAMED_CHARS),
  );
}

/**
 * A log line per record quarantined from one batch: where it was (topic, partition, offset), why, where it went, and
 * what it claims to be when it reads as an event. Records on the accepted topic passed the intake's PII screen.
 */
export function quarantinedLines(
  culprits: readonly Culprit<KafkaMessage>[],
  from: { topic: string; partition: number },
  to: { topic: string; consumer: string },
): LogRecord[] {
  const where = { topic: from.topic, partition: from.partition, quarantineTopic: to.topic, consumer: to.consumer };
  const lines = culprits.slice(0, QUARANTINE_LINES_PER_BATCH).map(({ message, reason }) => ({
    msg: 'record quarantined',
    ...where,
    offset: message.offset,
    reason,
    ...namesOf(message.value),
  }));
  const unlisted = culprits.length - lines.length;
  return unlisted > 0 ? [...lines, { msg: `record quarantined: ${unlisted} more of this batch not listed`, ...where, unlisted }] : lines;
}
