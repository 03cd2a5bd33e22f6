import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { QueryTooLarge } from '@govmetrics/contracts';

/** A query whose answer, once read, holds more groups or points than a query may return. */
export class QueryTooLargeError extends Error {
  readonly code = 'QUERY_TOO_LARGE';

  constructor(readonly answer: QueryTooLarge) {
    super(answer.message);
    this.name = 'QueryTooLargeError';
  }
}

/** 400 `query_too_large` naming the limit: the caller narrows the query; a truncated series would look complete. */
@Catch(QueryTooLargeError)
export class QueryTooLargeFilter implements ExceptionFilter {
  catch(error: QueryTooLargeError, host: ArgumentsHost): void {
    host.switchToHttp().getResponse<{ status(code: number): { send(body: unknown): unknown } }>().status(400).send(error.answer);
  }
}
