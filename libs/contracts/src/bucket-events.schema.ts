import { z } from 'zod';
import { BangkokDaySchema } from './bangkok-time';
import { QueryDaySchema } from './gateway-api.schema';
import { StatisticSchema } from './kpi-catalog.schema';
import { AgencyCodeSchema, EntityIdSchema, MetricNameSchema, PlatformIdSchema } from './usage-event.schema';

/** Events per page of `GET /v1/buckets/events`: 100 unless asked, at most 1,000. */
export const BUCKET_EVENTS_LIMITS = { defaultPage: 100, maxPage: 1_000 } as const;

/** Query of `GET /v1/buckets/events`: the events behind one (platform, metric, agency, Bangkok day) bucket, a page at a time. */
export const BucketEventsQuerySchema = z
  .object({
    platform: PlatformIdSchema,
    metric: MetricNameSchema,
    agency: AgencyCodeSchema,
    day: QueryDaySchema,
    statistic: StatisticSchema.default('sum').describe("the statistic of the bucket's value in the answer"),
    cursor: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,512}$/, 'cursor is the nextCursor of the previous page')
      .optional(),
    limit: z.coerce.number().int().min(1).max(BUCKET_EVENTS_LIMITS.maxPage).default(BUCKET_EVENTS_LIMITS.defaultPage),
  })
  .strict();

/** One projected event as an auditor sees it: where it is in the log, when, what; the entity only as its pseudonym. */
export const BucketEventSchema = z
  .object({
    id: z.string(),
    source: z.string(),
    time: z.string().describe('event time, ISO 8601 UTC'),
    value: z.number(),
    entity: EntityIdSchema.nullable().describe('the HMAC pseudonym the platform sent; null when absent (anything else is never shown)'),
    dimensions: z.record(z.string(), z.string()),
    partition: z.number().int().nonnegative(),
    offset: z.string().regex(/^\d+$/),
    projectedAt: z.string(),
  })
  .strict();

export const BucketEventsAnswerSchema = z
  .object({
    platform: PlatformIdSchema,
    metric: MetricNameSchema,
    agency: AgencyCodeSchema,
    day: BangkokDaySchema,
    bucket: z.object({ statistic: StatisticSchema, value: z.number().nullable(), events: z.number().int().nonnegative() }).strict(),
    events: z.array(BucketEventSchema).describe('ordered by event time, then source and id'),
    nextCursor: z.string().nullable().describe('pass as cursor for the next page; null on the last'),
  })
  .strict();

export type BucketEventsQuery = z.infer<typeof BucketEventsQuerySchema>;
export type BucketEvent = z.infer<typeof BucketEventSchema>;
export type BucketEventsAnswer = z.infer<typeof BucketEventsAnswerSchema>;
