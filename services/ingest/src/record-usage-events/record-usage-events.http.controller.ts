import { Body, Controller, HttpCode, HttpException, HttpStatus, Inject, Post, Res } from '@nestjs/common';
import { toRejections } from '@govmetrics/contracts';
import { assessBatch } from '@govmetrics/ingestion';
import { KafkaUnavailableError } from '@govmetrics/kafka';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { INGEST_CONFIG, IngestConfig } from '../ingest.config';
import { UsageEventPublisherProvider } from './usage-event-publisher.provider';

const RETRY_AFTER_SECONDS = 5;

@Controller('v1/events')
export class RecordUsageEventsHttpController {
  private readonly batchSchema;

  constructor(
    @Inject(INGEST_CONFIG) config: IngestConfig,
    private readonly publishing: UsageEventPublisherProvider,
  ) {
    this.batchSchema = z.array(z.unknown()).min(1).max(config.MAX_EVENTS_PER_BATCH);
  }

  /** Answers 200 only once every accepted event is on every in-sync replica. */
  @Post()
  @HttpCode(HttpStatus.OK)
  async record(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    const batch = this.batchSchema.safeParse(body);
    if (!batch.success) {
      throw new HttpException({ error: 'invalid_batch', errors: toRejections(batch.error) }, HttpStatus.BAD_REQUEST);
    }
    const { verdicts, accepted } = assessBatch(batch.data);
    try {
      await this.publishing.publisher.publish(accepted);
    } catch (error) {
      if (error instanceof KafkaUnavailableError) {
        void reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
        throw new HttpException(
          { error: 'log_unavailable', message: 'no event of this batch was accepted; send it again', retryAfterSeconds: RETRY_AFTER_SECONDS },
          HttpStatus.SERVICE_UNAVAILABLE,
          { cause: error },
        );
      }
      throw error;
    }
    return { accepted: accepted.length, rejected: verdicts.length - accepted.length, results: verdicts };
  }
}
