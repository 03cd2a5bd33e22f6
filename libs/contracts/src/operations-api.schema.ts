import { z } from 'zod';

/** The consumers whose lag the operators' board shows, by the service that runs them. */
export const PIPELINE_CONSUMERS = ['projector', 'scoring'] as const;

/** One partition a consumer group reads: records between its committed offset and the partition's end offset. */
export const PartitionLagSchema = z
  .object({
    consumer: z.enum(PIPELINE_CONSUMERS),
    group: z.string(),
    topic: z.string(),
    partition: z.number().int().min(0),
    lag: z.number().int().min(0),
  })
  .strict();

/**
 * Ingest verdicts per platform and minute, from the topics that record them: an event accepted is a record of the
 * accepted-events topic, one refused by the raw-intake validator a record of the dead-letter topic, each counted at its
 * record's time; the HTTP ingest's duplicates, rejections and whole-batch refusals from its per-batch verdict summaries.
 * A batch refused before its platform is known (401, an address's 429) leaves no summary: the ingest's metrics count it.
 */
export const VerdictRatesSchema = z
  .object({
    intervalSeconds: z.number().int().min(1).describe('The width of one count: a minute'),
    from: z.string().describe('Start of the first interval (ISO 8601); the last interval is the current, partial one'),
    platforms: z.array(
      z
        .object({
          platform: z.string().nullable().describe('null: dead letters that name no platform'),
          accepted: z.array(z.number().int().min(0)).describe('Events accepted in each interval, oldest first'),
          duplicates: z.array(z.number().int().min(0)).describe('Events the HTTP ingest answered duplicate in each interval, oldest first'),
          rejected: z.array(z.number().int().min(0)).describe('Events the HTTP ingest rejected plus raw records dead-lettered, in each interval, oldest first'),
          refusedBatches: z
            .array(z.number().int().min(0))
            .describe('Batches the HTTP ingest refused whole (400, 413) after authenticating the platform, in each interval, oldest first'),
          refusedBatchRules: z.record(z.string(), z.number().int().min(1)).describe('Those batches over the window, per rule (invalid_batch, batch_too_large)'),
        })
        .strict(),
    ),
  })
  .strict();

const CountsSchema = z.object({ total: z.number().int().min(0), counts: z.record(z.string(), z.number().int().min(0)) }).strict();

/**
 * Answer of `GET /v1/operations/pipeline`: what the gateway itself can see of the pipeline's health, read at `readAt`.
 * The HTTP ingest's verdicts come from its per-batch summaries (`usage.verdicts.v1`); what reached the events,
 * dead-letter and quarantine topics is counted from those topics.
 */
export const PipelineHealthAnswerSchema = z
  .object({
    readAt: z.string().describe('When the gateway read these figures (ISO 8601)'),
    freshness: z
      .object({
        newestEventTime: z.string().nullable().describe('Event time of the newest event in the read model; null while it holds none'),
        newestProjectedAt: z.string().nullable().describe('When the projector last wrote an event to the read model'),
        seconds: z.number().int().nullable().describe('readAt minus newestEventTime: how old the newest queryable event is'),
      })
      .strict(),
    intake: z
      .object({
        projectedEvents: z.number().int().min(0).describe('Accepted events in the read model, each counted once'),
        recentWindowSeconds: z.number().int().min(1),
        projectedRecently: z.number().int().min(0).describe('Of those, the ones the projector wrote in the last recentWindowSeconds'),
        deadLetters: CountsSchema.describe('Raw-topic records the validator refused, per first rule broken'),
      })
      .strict(),
    quarantine: CountsSchema.describe('Records a consumer set aside, per reason'),
    verdicts: VerdictRatesSchema,
    lag: z.array(PartitionLagSchema),
  })
  .strict();

/** 503: a source of the figures could not be read; which one, and why. */
export const PipelineUnavailableSchema = z
  .object({ error: z.literal('pipeline_unavailable'), source: z.enum(['kafka', 'clickhouse']), message: z.string() })
  .strict();

export type PartitionLag = z.infer<typeof PartitionLagSchema>;
export type PipelineHealthAnswer = z.infer<typeof PipelineHealthAnswerSchema>;
export type VerdictRates = z.infer<typeof VerdictRatesSchema>;
export type PipelineUnavailable = z.infer<typeof PipelineUnavailableSchema>;
