import { Body, Controller, HttpCode, HttpStatus, Inject, Post, Req } from '@nestjs/common';
import { bangkokDay, type CompletenessAnswer, type CompletenessDeclaration } from '@govmetrics/contracts';
import { judgeDeclarations } from '@govmetrics/foresight';
import type { IntakePolicy } from '@govmetrics/ingestion';
import { type JsonMessagePublisher, KafkaUnavailableError } from '@govmetrics/kafka';
import type { FastifyRequest } from 'fastify';
import { authenticatedHolder } from '../edge/request-gate';
import { COMPLETENESS_PUBLISHER, INTAKE_POLICY } from '../ingest.tokens';
import { IngestRefusal } from '../record-usage-events/ingest-refusal';

const RETRY_AFTER_SECONDS = 5;

/** The body arrives as text (see ingest.app.ts): parsed here so that a body that is not JSON gets our error shape. */
function parsedBody(body: unknown): unknown {
  if (typeof body !== 'string') throw new IngestRefusal('invalid_declaration', 'send a JSON array of declarations (application/json)');
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new IngestRefusal('invalid_declaration', `the body is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

@Controller('v1/completeness')
export class DeclareCompletenessHttpController {
  constructor(
    @Inject(INTAKE_POLICY) private readonly policy: IntakePolicy,
    @Inject(COMPLETENESS_PUBLISHER) private readonly publisher: JsonMessagePublisher<CompletenessDeclaration>,
  ) {}

  /** Answers 200 once every declaration is on the topic (acknowledged by every in-sync replica); all of them or none. */
  @Post()
  @HttpCode(HttpStatus.OK)
  async declare(@Req() request: FastifyRequest, @Body() body: unknown): Promise<CompletenessAnswer> {
    const holder = authenticatedHolder(request);
    if (!holder) throw new IngestRefusal('unauthorized', 'send a platform API key as "Authorization: Bearer <key>"');
    const now = this.policy.now();
    const judged = judgeDeclarations(parsedBody(body), { platform: holder.platform, catalog: this.policy.catalog, today: bangkokDay(now.getTime()) });
    if (judged.verdict === 'forbidden') throw new IngestRefusal('forbidden', 'a platform declares only for itself', { errors: judged.rejections });
    if (judged.verdict === 'invalid')
      throw new IngestRefusal('invalid_declaration', 'nothing was recorded: every declaration at fault is listed', { errors: judged.rejections });
    try {
      await this.publisher.publish(...judged.declarations);
    } catch (error) {
      if (!(error instanceof KafkaUnavailableError)) throw error;
      throw new IngestRefusal('log_unavailable', `Kafka is unavailable: nothing was recorded; send the declarations again (${error.message})`, {
        retryAfterSeconds: RETRY_AFTER_SECONDS,
        cause: error,
      });
    }
    return { recorded: judged.declarations.length, declaredAt: new Date().toISOString() };
  }
}
