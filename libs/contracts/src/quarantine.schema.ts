import { z } from 'zod';
import { PlatformIdSchema } from './usage-event.schema';

const KafkaOffsetSchema = z.string().regex(/^\d+$/);

/** `GET /v1/quarantine?platform=&limit=`: the newest `limit` records (default 100, at most 1,000), of one platform when given. */
export const QuarantineQuerySchema = z.object({ platform: PlatformIdSchema.optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) }).strict();

/**
 * One quarantined record as an operator or the sending platform sees it: where it is, why, and what it claims
 * to be. Nothing beyond what its source topic already holds; never the record's value as a whole.
 */
export const QuarantineEntrySchema = z
  .object({
    quarantine: z.object({ partition: z.number().int().min(0), offset: KafkaOffsetSchema }).strict(),
    /** When it was quarantined (ISO 8601). */
    time: z.string(),
    reason: z.string().describe('Rule-like code: invalid_json, a contract rule, or clickhouse_<server error name> when ClickHouse refused the data'),
    message: z.string().max(1000),
    consumer: z.string().describe('The service that quarantined it'),
    source: z.object({ topic: z.string(), partition: z.number().int().min(0), offset: KafkaOffsetSchema }).strict(),
    key: z.string().nullable(),
    /** What the record says it is, when its value is JSON with these fields; null otherwise. */
    event: z.object({ platform: z.string().nullable(), source: z.string().nullable(), id: z.string().nullable() }).strict().nullable(),
    /** Set when this record was itself a replay of an earlier quarantined one (`partition:offset` in the quarantine topic). */
    replayedFrom: z.string().nullable(),
  })
  .strict();

/** Answer of `GET /v1/quarantine`: how many records are quarantined and why (all of them, or the platform's), and the newest first. */
export const QuarantineAnswerSchema = z
  .object({
    total: z.number().int().min(0),
    counts: z.record(z.string(), z.number().int().min(0)).describe('Records per reason'),
    entries: z.array(QuarantineEntrySchema),
  })
  .strict();

export type QuarantineQuery = z.infer<typeof QuarantineQuerySchema>;
export type QuarantineEntry = z.infer<typeof QuarantineEntrySchema>;
export type QuarantineAnswer = z.infer<typeof QuarantineAnswerSchema>;
