import { DependencyError } from '@govmetrics/contracts';
import { KafkaJSError } from 'kafkajs';

/** A Kafka operation did not complete; `retriable` says whether trying the same call later may succeed. */
export class KafkaUnavailableError extends DependencyError {
  readonly code = 'KAFKA_UNAVAILABLE';
}

/** Wraps whatever kafkajs threw into the one error type callers map at their edge. */
export function toKafkaError(operation: string, error: unknown): KafkaUnavailableError {
  // Connection loss and leader elections surface as retriable KafkaJSErrors; anything else is a bug or misconfiguration.
  const retriable =
    error instanceof KafkaJSError ? error.retriable || error.name === 'KafkaJSNumberOfRetriesExceeded' || error.name === 'KafkaJSConnectionError' : false;
  const reason = error instanceof Error ? error.message : String(error);
  return new KafkaUnavailableError(`${operation} failed: ${reason}`, retriable, { cause: error });
}

/** Runs one kafkajs call, rethrowing its failure as a {@link KafkaUnavailableError} that names `operation`. */
export async function kafkaCall<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toKafkaError(operation, error);
  }
}
