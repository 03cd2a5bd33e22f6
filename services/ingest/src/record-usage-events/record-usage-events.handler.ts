import { Inject, Injectable, Logger } from '@nestjs/common';
import type { IngestAnswer, VerdictSummary } from '@govmetrics/contracts';
import {
  AcceptedEventsRegistry,
  applyPriorAcceptances,
  assessBatch,
  claimsOf,
  countVerdicts,
  IdempotencyStoreUnavailableError,
  IntakePolicy,
  summarizeVerdicts,
  TokenBuckets,
} from '@govmetrics/ingestion';
import { JsonMessagePublisher, KafkaUnavailableError, UsageEventPublisher } from '@govmetrics/kafka';
import { INGEST_CONFIG, IngestConfig } from '../ingest.config';
import { ACCEPTED_EVENTS, INTAKE_METRICS, INTAKE_POLICY, USAGE_EVENT_PUBLISHER, VERDICTS_PUBLISHER } from '../ingest.tokens';
import type { IntakeMetrics } from '../intake-metrics';
import { IngestRefusal } from './ingest-refusal';

const RETRY_AFTER_SECONDS = 5;

/** One batch from one authenticated platform: judge, claim, publish what was not accepted before, remember. */
@Injectable()
export class RecordUsageEventsHandler {
  private readonly logger = new Logger(RecordUsageEventsHandler.name);
  private readonly rateLimits: TokenBuckets;

  constructor(
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    @Inject(INTAKE_POLICY) private readonly policy: IntakePolicy,
    @Inject(ACCEPTED_EVENTS) private readonly acceptedEvents: AcceptedEventsRegistry,
    @Inject(USAGE_EVENT_PUBLISHER) private readonly publisher: UsageEventPublisher,
    @Inject(INTAKE_METRICS) private readonly metrics: IntakeMetrics,
    @Inject(VERDICTS_PUBLISHER) private readonly verdicts: JsonMessagePublisher<VerdictSummary>,
  ) {
    this.rateLimits = new TokenBuckets({ ratePerSecond: config.RATE_LIMIT_EVENTS_PER_SECOND, burst: config.RATE_LIMIT_BURST });
  }

  async record({ platform, keyId }: { platform: string; keyId: string }, items: readonly unknown[]): Promise<IngestAnswer> {
    if (items.length === 0) throw new IngestRefusal('invalid_batch', 'the batch holds no event');
    if (items.length > this.config.MAX_EVENTS_PER_BATCH) {
      throw new IngestRefusal('batch_too_large', `a batch holds at most ${this.config.MAX_EVENTS_PER_BATCH} events; this one holds ${items.length}`);
    }
    const budget = this.rateLimits.take(keyId, items.length);
    if (!budget.allowed)
      throw new IngestRefusal('rate_limited', `the key's event rate limit is spent; retry in ${budget.retryAfterSeconds} s`, {
        retryAfterSeconds: budget.retryAfterSeconds,
      });

    const assessment = assessBatch(items, this.policy, {
      platform,
      onFault: (error, index) =>
        this.logger.error(`judging event ${index} of ${platform} threw; answered unassessable`, error instanceof Error ? error.stack : String(error)),
    });
    // The registry keeps its record only once the Kafka transaction committed, and records nothing when it failed.
    const outcome = await this.unavailableAs503(() =>
      this.acceptedEvents.acceptOnce(claimsOf(assessment), (acceptedBefore) => {
        const judgedNow = applyPriorAcceptances(assessment, acceptedBefore);
        // With accepted events the summary rides in their transaction: its counts appear exactly when they do.
        return this.publisher.publish(
          judgedNow.accepted.map(({ event }) => event),
          summarizeVerdicts(platform, judgedNow.verdicts, new Date()),
        );
      }),
    );
    const judged = applyPriorAcceptances(assessment, outcome.accepted);
    // Kafka committed: answer now. The record commits meanwhile; a resend arriving before it waits on its row locks.
    outcome.recorded.catch((error: unknown) => {
      this.logger.warn(
        `accepted ${judged.accepted.length} events but could not record them for dedup: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
    if (judged.accepted.length === 0) await this.publishSummaryAlone(summarizeVerdicts(platform, judged.verdicts, new Date()));
    this.metrics.judged(platform, judged.verdicts);
    return { ...countVerdicts(judged.verdicts), results: judged.verdicts };
  }

  /**
   * Nothing of the batch reached the log, so its answer does not depend on Kafka: a summary that cannot be sent is
   * missing from the board's counts, and said so in the log, but the platform still gets its verdicts.
   */
  private async publishSummaryAlone(summary: VerdictSummary): Promise<void> {
    try {
      await this.verdicts.publish(summary);
    } catch (error) {
      this.logger.warn(`verdict summary of ${summary.platform} not published: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async unavailableAs503<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      // Whatever kept Kafka from committing, nothing of the batch is visible: the client may simply resend.
      const transient = error instanceof KafkaUnavailableError || (error instanceof IdempotencyStoreUnavailableError && error.retriable);
      if (!transient) throw error;
      this.logger.warn(`batch refused with 503: ${error.message}`);
      const dependency = error instanceof KafkaUnavailableError ? 'Kafka' : 'PostgreSQL (the idempotency store)';
      throw new IngestRefusal('log_unavailable', `${dependency} is unavailable: no event of this batch was accepted; send it again`, {
        retryAfterSeconds: RETRY_AFTER_SECONDS,
        cause: error,
      });
    }
  }
}
