import { DependencyError } from '@govmetrics/contracts';
import { KafkaJSError } from 'kafkajs';
import { brokerRefusalOf, countRefusal } from './kafka-refusals';

/** A Kafka operation did not complete; `retriable` says whether trying the same call later may succeed. */
export class KafkaUnavailableError extends DependencyError {
  readonly code: string = 'KAFKA_UNAVAILABLE';
}

/** The broker refused the principal an operation its ACLs do not grant; never retriable. */
export class KafkaAccessDeniedError extends KafkaUnavailableError {
  override readonly code = 'KAFKA_ACCESS_DENIED';
  constructor(
    message: string,
    /** The broker's error, e.g. `TOPIC_AUTHORIZATION_FAILED` (29), `GROUP_AUTHORIZATION_FAILED` (30). */
    readonly brokerError: { type: string; code: number },
    options?: { cause?: unknown },
  ) {
    super(message, false, options);
  }
}

/** The broker did not accept the client's credentials (wrong user, password or mechanism); never retriable. */
export class KafkaAuthenticationError extends KafkaUnavailableError {
  override readonly code = 'KAFKA_AUTHENTICATION_FAILED';
  constructor(
    message: string,
    readonly brokerError: { type: string; code: number },
    options?: { cause?: unknown },
  ) {
    super(message, false, options);
  }
}

/** Wraps whatever kafkajs threw into the one error type callers map at their edge; a broker's refusal is counted once, here. */
export function toKafkaError(operation: string, error: unknown): KafkaUnavailableError {
  if (error instanceof KafkaUnavailableError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  const refusal = brokerRefusalOf(error);
  if (refusal) {
    countRefusal(operation, refusal);
    const message = `${operation} refused by the broker: ${refusal.type} (${reason})`;
    const brokerError = { type: refusal.type, code: refusal.code };
    return refusal.kind === 'authentication'
      ? new KafkaAuthenticationError(message, brokerError, { cause: error })
      : new KafkaAccessDeniedError(message, brokerError, { cause: error });
  }
  // Connection loss and leader elections surface as retriable KafkaJSErrors; anything else is a bug or misconfiguration.
  const retriable =
    error instanceof KafkaJSError ? error.retriable || error.name === 'KafkaJSNumberOfRetriesExceeded' || error.name === 'KafkaJSConnectionError' : false;
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
