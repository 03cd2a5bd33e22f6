import { z } from 'zod';
import { PlatformIdSchema } from './usage-event.schema';

/** Distinct rules a summary names at most; the rules are a small fixed set, so this only bounds a hostile input. */
export const VERDICT_SUMMARY_MAX_RULES = 100;

/**
 * The refusals of a whole batch that a summary records: the platform is known (its key passed) and the body was judged
 * unusable as a batch. A 401, or a 429 of an address or of the key's rate, is not a verdict on the content: metrics only.
 */
export const BATCH_REFUSAL_RULES = ['invalid_batch', 'batch_too_large'] as const;

/**
 * What the HTTP ingest answered for one batch, counted: one record per batch on `usage.verdicts.v1` (key: platform),
 * written in the batch's Kafka transaction when it accepted anything. `rejected` counts each rejected event once, under
 * its first rule. Accepted events are counted from `usage.events.v1` itself; `accepted` here is for reconciling. A batch
 * refused whole after its platform was authenticated gets a summary too, outside any transaction, naming `refusedBatch`.
 */
export const VerdictSummarySchema = z
  .object({
    platform: PlatformIdSchema,
    at: z.iso.datetime({ offset: true }).describe('When the ingest judged the batch'),
    accepted: z.number().int().min(0),
    duplicates: z.number().int().min(0),
    rejected: z
      .record(z.string().min(1).max(100), z.number().int().min(1))
      .refine((counts) => Object.keys(counts).length <= VERDICT_SUMMARY_MAX_RULES, `at most ${VERDICT_SUMMARY_MAX_RULES} rules`)
      .describe('Rejected events per first rule broken'),
    refusedBatch: z
      .enum(BATCH_REFUSAL_RULES)
      .optional()
      .describe('Set when the whole batch was refused before its events were judged (400 invalid_batch, 413 batch_too_large): the rule; the counts are then 0'),
  })
  .strict();

export type VerdictSummary = z.infer<typeof VerdictSummarySchema>;

/** Partition key: one platform's summaries stay in order. */
export const verdictSummaryKey = (summary: VerdictSummary): string => summary.platform;
