import { EventStoreError, WrongExpectedVersionError } from './event-store.errors';
import type { ExpectedRevision, NewEvent } from './event-store.port';

/** Rejects an append no adapter should attempt: no events, or an empty stream name. */
export function assertAppendable(stream: string, events: readonly NewEvent[]): void {
  if (stream.length === 0) throw new EventStoreError('INVALID_APPEND', 'stream name must not be empty', false);
  if (events.length === 0) throw new EventStoreError('INVALID_APPEND', `append to "${stream}" has no events`, false);
}

/**
 * Throws unless `expected` matches the stream's current last revision (`'no_stream'` when it has no event).
 * For adapters that check inside their own transaction.
 */
export function assertExpectedRevision(stream: string, expected: ExpectedRevision, actual: bigint | 'no_stream'): void {
  if (expected === 'any' || expected === actual) return;
  throw new WrongExpectedVersionError(stream, expected, actual);
}
