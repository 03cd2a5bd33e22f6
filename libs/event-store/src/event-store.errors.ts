import type { ExpectedRevision } from './event-store.port';

/** Every failure of an event store; `retriable` says whether the same call may succeed later unchanged. */
export class EventStoreError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retriable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EventStoreError';
  }
}

/** The stream moved on since the writer read it: re-read, decide again, append with the new revision. */
export class WrongExpectedVersionError extends EventStoreError {
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | 'no_stream',
    options?: { cause?: unknown },
  ) {
    super('WRONG_EXPECTED_VERSION', `stream "${stream}": expected revision ${String(expected)}, found ${String(actual)}`, false, options);
    this.name = 'WrongExpectedVersionError';
  }
}

/** The store could not be reached or timed out: the call may succeed later. */
export class EventStoreUnavailableError extends EventStoreError {
  constructor(operation: string, options?: { cause?: unknown }) {
    const reason = options?.cause instanceof Error ? options.cause.message : String(options?.cause);
    super('EVENT_STORE_UNAVAILABLE', `${operation} failed: ${reason}`, true, options);
    this.name = 'EventStoreUnavailableError';
  }
}

/** The store was closed by its owner; nothing will succeed on this instance again. */
export class EventStoreClosedError extends EventStoreError {
  constructor(operation: string) {
    super('EVENT_STORE_CLOSED', `${operation}: the event store is closed`, false);
    this.name = 'EventStoreClosedError';
  }
}
