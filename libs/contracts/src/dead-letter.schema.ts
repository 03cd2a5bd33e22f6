import { z } from 'zod';
import { RejectionSchema } from './event-verdict';
import { PlatformIdSchema } from './usage-event.schema';

const KafkaOffsetSchema = z.string().regex(/^\d+$/);

/** The most `GET /v1/dead-letters` answers in one page. */
export const DEAD_LETTERS_PAGE_MAX = 1000;

/** `GET /v1/dead-letters?platform=&limit=`: the newest `limit` dead letters (default 100, at most 1,000), of one platform when given. */
export const DeadLetterQuerySchema = z
  .object({ platform: PlatformIdSchema.optional(), limit: z.coerce.number().int().min(1).max(DEAD_LETTERS_PAGE_MAX).default(100) })
  .strict();

/**
 * One record the raw-intake validator refused, as its platform or an operator sees it: where it is, every rule it
 * broke (bounded as the DLQ headers are), and what it claims to be. Never the record's value: a redacted copy's is
 * known only by the original's sha256.
 */
export const DeadLetterEntrySchema = z
  .object({
    deadLetter: z.object({ partition: z.number().int().min(0), offset: KafkaOffsetSchema }).strict(),
    /** When it was dead-lettered (ISO 8601): the original record's timestamp. */
    time: z.string(),
    platform: z.string().nullable().describe("The platform the value names (data.platform), else the key's `platform:` prefix; null when neither"),
    rule: z.string().describe('The first rule broken'),
    rejections: z.array(RejectionSchema).describe('At most 20 entries; a last `too_many_errors` entry counts those not listed'),
    rejectionCount: z.number().int().min(0),
    /** The sha256 of the original value when key or value carried personal data and were replaced by a redacted copy. */
    redactedOriginalSha256: z.string().nullable(),
    source: z.object({ topic: z.string(), partition: z.number().int().min(0), offset: KafkaOffsetSchema }).strict(),
    event: z.object({ source: z.string().nullable(), id: z.string().nullable() }).strict().nullable(),
  })
  .strict();

/** Answer of `GET /v1/dead-letters`: how many (all, or the platform's) per first rule, and the newest kept first. */
export const DeadLetterAnswerSchema = z
  .object({
    total: z.number().int().min(0),
    counts: z.record(z.string(), z.number().int().min(0)).describe('Dead letters per first rule, since the topic began'),
    keptPerPlatform: z
      .number()
      .int()
      .min(1)
      .describe('The gateway lists at most this many of each platform, the newest; older ones stay counted and on the topic'),
    entries: z.array(DeadLetterEntrySchema),
  })
  .strict();

export type DeadLetterQuery = z.infer<typeof DeadLetterQuerySchema>;
export type DeadLetterEntry = z.infer<typeof DeadLetterEntrySchema>;
export type DeadLetterAnswer = z.infer<typeof DeadLetterAnswerSchema>;
