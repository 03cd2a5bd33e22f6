import { EventStoreError, EventStoreUnavailableError, WrongExpectedVersionError } from '@govmetrics/event-store';
import type { ExpectedRevision } from '@govmetrics/event-store';
import {
  DeadlineExceededError,
  NotLeaderError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError as KurrentWrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';

/** Wraps what the KurrentDB client threw into the store's errors. */
export function toKurrentStoreError(operation: string, error: unknown, append?: { stream: string; expected: ExpectedRevision }): EventStoreError {
  if (error instanceof EventStoreError) return error;
  if (error instanceof KurrentWrongExpectedVersionError && append !== undefined) {
    const actual = typeof error.actualState === 'bigint' && error.actualState >= 0n ? error.actualState : 'no_stream';
    return new WrongExpectedVersionError(append.stream, append.expected, actual, { cause: error });
  }
  // A leader election or an unreachable node: the same call may succeed once the cluster settles.
  if (
    error instanceof UnavailableError ||
    error instanceof TimeoutError ||
    error instanceof DeadlineExceededError ||
    error instanceof NotLeaderError ||
    isRetriableGrpcStatus(error)
  ) {
    return new EventStoreUnavailableError(operation, { cause: error });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new EventStoreError('EVENT_STORE_FAILED', `${operation} failed: ${reason}`, false, { cause: error });
}

// gRPC DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, UNAVAILABLE: the client passes some of these through untyped.
const RETRIABLE_GRPC_STATUS = new Set([4, 8, 14]);

function isRetriableGrpcStatus(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'number' && RETRIABLE_GRPC_STATUS.has(error.code);
}
