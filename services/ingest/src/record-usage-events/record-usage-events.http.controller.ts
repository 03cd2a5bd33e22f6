import { Body, Controller, Headers, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import type { IngestAnswer } from '@govmetrics/contracts';
import { parseNdjson } from '@govmetrics/ingestion';
import { inSpan, SpanKind } from '@govmetrics/tracing';
import type { FastifyRequest } from 'fastify';
import { authenticatedHolder } from '../edge/request-gate';
import { eventNames, rejectionLines } from '../event-work-log';
import { IngestRefusal } from './ingest-refusal';
import { RecordUsageEventsHandler } from './record-usage-events.handler';

/** The body arrives as text (see main.ts): JSON array or NDJSON, parsed here so every failure has our shape. */
function batchItems(body: unknown, contentType: string | undefined): unknown[] {
  if (typeof body !== 'string') throw new IngestRefusal('invalid_batch', 'send a JSON array (application/json) or NDJSON (application/x-ndjson)');
  if (/^application\/(x-)?ndjson/i.test(contentType ?? '')) return parseNdjson(body);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new IngestRefusal('invalid_batch', `the body is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!Array.isArray(parsed)) throw new IngestRefusal('invalid_batch', 'the body must be a JSON array of events');
  return parsed;
}

@Controller('v1/events')
export class RecordUsageEventsHttpController {
  constructor(private readonly handler: RecordUsageEventsHandler) {}

  /** Answers 200 only once every event it calls `accepted` is committed to Kafka. The key was checked before the body was read. */
  @Post()
  @HttpCode(HttpStatus.OK)
  async record(@Req() request: FastifyRequest, @Body() body: unknown, @Headers('content-type') contentType: string | undefined): Promise<IngestAnswer> {
    const holder = authenticatedHolder(request);
    if (!holder) throw new IngestRefusal('unauthorized', 'send a platform API key as "Authorization: Bearer <key>"');
    // A platform's own trace continues here (its `traceparent`); the records of the batch carry this span on.
    const attributes = { 'http.request.method': 'POST', 'http.route': '/v1/events', 'govmetrics.platform': holder.platform };
    return inSpan('ingest.record_events', { kind: SpanKind.SERVER, continues: request.headers, attributes }, async (span) => {
      const items = batchItems(body, contentType);
      span.setAttribute('govmetrics.batch.events', items.length);
      const answer = await this.handler.record(holder, items);
      // On the request's own logger: each line carries its request id and trace id too.
      const describe = (index: number) => ({ intake: 'http', ...eventNames(items[index]), platform: holder.platform });
      for (const { msg, fields } of rejectionLines('event rejected', answer.results, describe)) request.log.info(fields, msg);
      span.setAttributes({
        'govmetrics.events.accepted': answer.accepted,
        'govmetrics.events.duplicate': answer.duplicate,
        'govmetrics.events.rejected': answer.rejected,
      });
      return answer;
    });
  }
}
