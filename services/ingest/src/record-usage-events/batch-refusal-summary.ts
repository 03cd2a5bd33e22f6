import type { IngestErrorCode, VerdictSummary } from '@govmetrics/contracts';
import { BATCH_REFUSAL_RULES } from '@govmetrics/contracts';
import type { JsonMessagePublisher } from '@govmetrics/kafka';
import type { FastifyRequest } from 'fastify';
import { authenticatedHolder } from '../edge/request-gate';
import type { IngestRefusal } from './ingest-refusal';

/** The summary of `platform`'s batch refused whole for `code`; undefined for a refusal no summary records (429, 503). */
export function batchRefusalSummary(platform: string, code: IngestErrorCode, at: Date): VerdictSummary | undefined {
  const rule = BATCH_REFUSAL_RULES.find((each) => each === code);
  return rule && { platform, at: at.toISOString(), accepted: 0, duplicates: 0, rejected: {}, refusedBatch: rule };
}

/**
 * Puts the batches `POST /v1/events` refuses whole (400, 413) on the verdicts topic, so the operators' board counts
 * them beside the per-event verdicts. Only once the gate authenticated the platform: before that there is no platform
 * to name, and a 401 or an address's 429 stays in the ingest's metrics.
 */
export class BatchRefusalSummaries {
  constructor(
    private readonly verdicts: JsonMessagePublisher<VerdictSummary>,
    private readonly warn: (line: string) => void,
  ) {}

  /** Sends the summary without holding the answer back: nothing of the batch reached the log, so Kafka cannot change it. */
  record(request: FastifyRequest, refusal: IngestRefusal): void {
    if (request.method !== 'POST' || request.routeOptions.url !== '/v1/events') return;
    const platform = authenticatedHolder(request)?.platform;
    const summary = platform === undefined ? undefined : batchRefusalSummary(platform, refusal.code, new Date());
    if (!summary) return;
    this.verdicts.publish(summary).catch((error: unknown) => {
      this.warn(`summary of ${summary.platform}'s refused batch (${refusal.code}) not published: ${error instanceof Error ? error.message : String(error)}`);
    });
  }
}
