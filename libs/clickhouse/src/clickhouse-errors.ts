/** A ClickHouse call failed; `retriable` is true when the server could not be reached or was overloaded. */
export class ClickHouseError extends Error {
  readonly code = 'CLICKHOUSE_FAILED';
  constructor(
    message: string,
    readonly retriable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ClickHouseError';
  }
}

const UNREACHABLE = /ECONNREFUSED|ECONNRESET|socket hang up|Timeout|EPIPE|ETIMEDOUT/i;

export function toClickHouseError(operation: string, error: unknown): ClickHouseError {
  const reason = error instanceof Error ? error.message : String(error);
  return new ClickHouseError(`${operation} failed: ${reason}`, UNREACHABLE.test(reason), { cause: error });
}
