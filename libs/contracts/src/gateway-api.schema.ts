import { z } from 'zod';
import { AggregatesChangedSchema } from './aggregates-changed.schema';
import { RejectionSchema } from './event-verdict';
import { KpiAttainmentSchema } from './kpi-attainment.schema';
import { BangkokDaySchema } from './bangkok-time';
import { IdSchema } from './id.schema';
import { AgencyCodeSchema, MetricNameSchema, PlatformIdSchema } from './usage-event.schema';

/** Days of this century only: ClickHouse's `Date` cannot hold days before 1970, and no platform reported before 2000. */
export const QueryDaySchema = BangkokDaySchema.regex(/^20\d{2}-/, 'a day from 2000-01-01 to 2099-12-31')
  // A second pattern makes zod drop `format: date` from the JSON Schema; clients still want it.
  .meta({ format: 'date' })
  .describe('A Bangkok calendar day, YYYY-MM-DD (2000-01-01 to 2099-12-31), inclusive');

/** Query of `GET /v1/aggregates/total`; a range that ends before it starts is refused rather than answered with zero. */
export const MetricTotalQuerySchema = z
  .object({
    platform: PlatformIdSchema,
    metric: MetricNameSchema,
    agency: AgencyCodeSchema.optional(),
    from: QueryDaySchema.optional(),
    to: QueryDaySchema.optional(),
  })
  .strict()
  .superRefine(({ from, to }, ctx) => {
    if (from === undefined || to === undefined || to >= from) return;
    ctx.addIssue({
      code: 'too_small',
      origin: 'date',
      minimum: Date.parse(from),
      inclusive: true,
      input: to,
      path: ['to'],
      message: `to must not be before from (${from})`,
    });
  });

/** Answer of `GET /v1/aggregates/total`: the query echoed (null where absent), the metric's total and how many events made it. */
export const MetricTotalAnswerSchema = z
  .object({
    platform: PlatformIdSchema,
    metric: MetricNameSchema,
    agency: AgencyCodeSchema.nullable(),
    from: BangkokDaySchema.nullable(),
    to: BangkokDaySchema.nullable(),
    total: z.number(),
    events: z.number().int().nonnegative(),
  })
  .strict();

/**
 * Where a reconnecting stream resumes, for a client that cannot send the `Last-Event-ID` header (a new `EventSource` after
 * a page reload); the header wins, since an `EventSource` sends it on every reconnect of its own.
 */
const LastEventIdSchema = z.string().max(64).optional().describe('the id of the last event seen, as the Last-Event-ID header carries it (the header wins)');

/**
 * Query of `GET /v1/aggregates/stream`: one platform's buckets, optionally of one metric and one agency. The platform is
 * required: a stream over every platform would read every bucket the projector touches.
 */
export const AggregateStreamQuerySchema = z
  .object({ platform: PlatformIdSchema, metric: MetricNameSchema.optional(), agency: AgencyCodeSchema.optional(), last_event_id: LastEventIdSchema })
  .strict();

/**
 * `event: aggregate` of `GET /v1/aggregates/stream`: one (platform, metric, agency, Bangkok day) bucket's current total and
 * event count as ClickHouse holds them, and the newest announcement (`usage.aggregates.changed.v1`) that touched it: the
 * value includes at least everything the projector folded up to `lastOffset` of that partition.
 */
export const AggregateUpdateSchema = z
  .object({
    platform: PlatformIdSchema,
    metric: MetricNameSchema,
    agency: AgencyCodeSchema,
    day: BangkokDaySchema,
    total: z.number(),
    events: z.number().int().nonnegative(),
    announcement: AggregatesChangedSchema.pick({ topic: true, partition: true, lastOffset: true, projectedAt: true }),
  })
  .strict();

/** Query of `GET /v1/attainment` and `GET /v1/attainment/stream`. */
export const AttainmentQuerySchema = z.object({ catalog: IdSchema.optional(), scorecard: IdSchema.optional() }).strict();

/** Query of `GET /v1/attainment/stream`: the board's filter, and where a reconnecting client resumes. */
export const AttainmentStreamQuerySchema = AttainmentQuerySchema.extend({ last_event_id: LastEventIdSchema }).strict();

/** Answer of `GET /v1/attainment`: each scorecard's newest snapshot, ordered by ledger stream. */
export const AttainmentBoardAnswerSchema = z.object({ snapshots: z.array(KpiAttainmentSchema) }).strict();

/** A gateway query that breaks the contract: every parameter at fault, with its rule. */
export const GatewayErrorSchema = z.object({ error: z.literal('invalid_query'), errors: z.array(RejectionSchema) }).strict();

/**
 * What a read answers instead of a number when the aggregate it selects is not finite (a sum that overflowed a 64-bit
 * float, `inf`, `-inf`, `nan`): never 0. Which aggregate: platform, metric, the agency (null: every agency) and the days.
 */
export const NonFiniteAggregateSchema = z
  .object({
    error: z.literal('non_finite_aggregate'),
    message: z.string(),
    platform: PlatformIdSchema,
    metric: MetricNameSchema,
    agency: AgencyCodeSchema.nullable(),
    from: z.iso.date().nullable(),
    to: z.iso.date().nullable(),
  })
  .strict();

/**
 * `event: aggregate_error` of `GET /v1/aggregates/stream`: a bucket the projector announced whose sum is not finite; it is
 * sent instead of an `aggregate` event (never as a total of 0), and again at the bucket's next announcement.
 */
export const AggregateStreamFaultSchema = NonFiniteAggregateSchema.omit({ from: true, to: true })
  .extend({ agency: AgencyCodeSchema, day: z.iso.date(), events: z.number().int().nonnegative(), announcement: AggregateUpdateSchema.shape.announcement })
  .strict();

/** A stream refused because the caller (per remote address) or the gateway as a whole holds as many open streams as allowed. */
export const TooManyStreamsSchema = z
  .object({ error: z.literal('too_many_streams'), message: z.string(), scope: z.enum(['client', 'gateway']), limit: z.number().int().positive() })
  .strict();

/**
 * `event: replay_gap` of both streams: a client reconnected with a `Last-Event-ID` whose followers this gateway no longer
 * holds (it restarted, it is another replica, or they were pushed out of its bounded buffer); what to do instead.
 */
export const ReplayGapNoticeSchema = z.object({ lastEventId: z.string(), message: z.string() }).strict();

export type MetricTotalQuery = z.infer<typeof MetricTotalQuerySchema>;
export type MetricTotalAnswer = z.infer<typeof MetricTotalAnswerSchema>;
export type AggregateStreamQuery = z.infer<typeof AggregateStreamQuerySchema>;
export type AggregateUpdate = z.infer<typeof AggregateUpdateSchema>;
export type AttainmentQuery = z.infer<typeof AttainmentQuerySchema>;
export type AttainmentStreamQuery = z.infer<typeof AttainmentStreamQuerySchema>;
export type AttainmentBoardAnswer = z.infer<typeof AttainmentBoardAnswerSchema>;
export type GatewayError = z.infer<typeof GatewayErrorSchema>;
export type NonFiniteAggregate = z.infer<typeof NonFiniteAggregateSchema>;
export type AggregateStreamFault = z.infer<typeof AggregateStreamFaultSchema>;
export type TooManyStreams = z.infer<typeof TooManyStreamsSchema>;
export type ReplayGapNotice = z.infer<typeof ReplayGapNoticeSchema>;
