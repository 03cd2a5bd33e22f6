import { ArgumentsHost, Catch, HttpException, HttpServer } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BatchRefusalSummaries } from './batch-refusal-summary';
import { IngestRefusal } from './ingest-refusal';

// Nest maps Fastify's FST_ERR_CTP_BODY_TOO_LARGE to an HttpException with its status before filters run.
const isBodyTooLarge = (error: unknown) => error instanceof HttpException && error.getStatus() === 413;

/** The one place a refused batch becomes an HTTP answer (status, Retry-After, the documented body) and, when whole, a verdict summary. */
@Catch()
export class IngestRefusalFilter extends BaseExceptionFilter {
  constructor(
    adapter: HttpServer,
    private readonly maxBatchBytes: number,
    private readonly summaries?: BatchRefusalSummaries,
  ) {
    super(adapter);
  }

  override catch(error: unknown, host: ArgumentsHost): void {
    const refusal = isBodyTooLarge(error) ? new IngestRefusal('batch_too_large', `a batch holds at most ${this.maxBatchBytes} bytes`) : error;
    if (!(refusal instanceof IngestRefusal)) return super.catch(error, host);
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    this.summaries?.record(host.switchToHttp().getRequest<FastifyRequest>(), refusal);
    if (refusal.details.retryAfterSeconds !== undefined) void reply.header('Retry-After', String(refusal.details.retryAfterSeconds));
    void reply.status(refusal.status).send(refusal.body);
  }
}
