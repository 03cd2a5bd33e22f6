import { EventStoreError, EventStoreUnavailableError } from '@govmetrics/event-store';

// Connection exceptions (08), insufficient resources (53), operator intervention (57), serialization/deadlock (40).
const RETRIABLE_SQLSTATE = /^(08|53|57|40)/;
const UNREACHABLE = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|Connection terminated|timeout/i;

/** Wraps what `pg` threw into the store's errors, keeping typed ones as they are. */
export function toPostgresStoreError(operation: string, error: unknown): EventStoreError {
  if (error instanceof EventStoreError) return error;
  const sqlState = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const reason = error instanceof Error ? error.message : String(error);
  if (RETRIABLE_SQLSTATE.test(sqlState) || UNREACHABLE.test(reason)) return new EventStoreUnavailableError(operation, { cause: error });
  return new EventStoreError('EVENT_STORE_FAILED', `${operation} failed: ${reason}`, false, { cause: error });
}
