import type { IngestError, IngestErrorCode, Rejection } from '@govmetrics/contracts';

const STATUS: Record<IngestErrorCode, number> = {
  invalid_batch: 400,
  invalid_declaration: 400,
  malformed_request: 400,
  unauthorized: 401,
  forbidden: 403,
  unknown_event: 404,
  invalid_query: 400,
  request_timeout: 408,
  batch_too_large: 413,
  headers_too_large: 431,
  rate_limited: 429,
  log_unavailable: 503,
};

/** The whole batch is refused; nothing of it was accepted. Mapped to its HTTP status once, at the edge. */
export class IngestRefusal extends Error {
  readonly status: number;

  constructor(
    readonly code: IngestErrorCode,
    message: string,
    readonly details: { errors?: Rejection[]; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: details.cause });
    this.name = 'IngestRefusal';
    this.status = STATUS[code];
  }

  get body(): IngestError {
    return { error: this.code, message: this.message, errors: this.details.errors, retryAfterSeconds: this.details.retryAfterSeconds };
  }
}
