import { Controller, Get, Inject, Param, Query, Req } from '@nestjs/common';
import type { EventRecord, Rejection } from '@govmetrics/contracts';
import { EVENT_NOT_ACCEPTED_RULE, EventRecordQuerySchema, toRejections } from '@govmetrics/contracts';
import { type AcceptedEventsLookup, IdempotencyStoreUnavailableError, platformSource, SOURCE_NOT_OF_PLATFORM_RULE } from '@govmetrics/ingestion';
import type { FastifyRequest } from 'fastify';
import { authenticatedHolder } from '../edge/request-gate';
import { ACCEPTED_EVENTS } from '../ingest.tokens';
import { IngestRefusal } from '../record-usage-events/ingest-refusal';

const RETRY_AFTER_SECONDS = 5;

/** The source asked for, held to the caller's platform: its URN or an instance under it, as the intake holds events to. */
function ownSource(platform: string, query: unknown): string {
  const parsed = EventRecordQuerySchema.safeParse(query);
  if (!parsed.success)
    throw new IngestRefusal('invalid_query', 'the query breaks its contract: every parameter at fault is listed', { errors: toRejections(parsed.error) });
  const own = platformSource(platform);
  const source = parsed.data.source ?? own;
  if (source === own || source.startsWith(`${own}/`)) return source;
  const rejection: Rejection = {
    path: '$.source',
    rule: SOURCE_NOT_OF_PLATFORM_RULE,
    message: `platform "${platform}" reads only ${own} or ${own}/<instance>`,
  };
  throw new IngestRefusal('forbidden', rejection.message, { errors: [rejection] });
}

@Controller('v1/events')
export class ReadEventRecordHttpController {
  constructor(@Inject(ACCEPTED_EVENTS) private readonly acceptedEvents: AcceptedEventsLookup) {}

  /** What the ingest recorded for one of the caller's own events; the key (or token) binds the platform, so another's cannot be named. */
  @Get(':id')
  async read(@Req() request: FastifyRequest, @Param('id') id: string, @Query() query: unknown): Promise<EventRecord> {
    const holder = authenticatedHolder(request);
    if (!holder) throw new IngestRefusal('unauthorized', 'send a platform API key as "Authorization: Bearer <key>"');
    const source = ownSource(holder.platform, query);
    const found = await this.acceptedEvents.find({ source, id }).catch((error: unknown) => {
      if (!(error instanceof IdempotencyStoreUnavailableError)) throw error;
      throw new IngestRefusal('log_unavailable', `the idempotency store is unavailable: ${error.message}`, {
        retryAfterSeconds: RETRY_AFTER_SECONDS,
        cause: error,
      });
    });
    if (!found) {
      const message = `no event ${JSON.stringify(id)} of ${source} was accepted (never sent, only rejected, or its batch is still being answered)`;
      throw new IngestRefusal('unknown_event', message, { errors: [{ path: '$.id', rule: EVENT_NOT_ACCEPTED_RULE, message }] });
    }
    return { source, id, status: 'accepted', acceptedAt: found.acceptedAt.toISOString(), contentDigest: found.digest };
  }
}
