import { z } from 'zod';
import { AggregatesChangedSchema } from './aggregates-changed.schema';
import { RejectionSchema } from './event-verdict';
import { KpiAttainmentSchema } from './kpi-attainment.schema';
import { BangkokDaySchema } from './bangkok-time';
import { IdSchema } from './id.schema';
import { AgencyCodeSchema, MetricNameSchema, PlatformIdSchema } from './usage-event.schema';

const InclusiveDaySchema = BangkokDaySchema.describe('A Bangkok calendar day, YYYY-MM-DD, inclusive');

/** Query of `GET /v1/aggregates/total`. */
export const MetricTotalQuerySchema = z
  .object({ platform: PlatformIdSchema, metric: MetricNameSchema, agency: AgencyCodeSchema.optional(), from: InclusiveDaySchema.optional(), to: InclusiveDaySchema.optional() })
  .strict();

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
 * Query of `GET /v1/aggregates/stream`: one platform's buckets, optionally of one metric and one agency. The platform is
 * required: a stream over every platform would read every bucket the projector touches.
 */
export const AggregateStreamQuerySchema = z.object({ platform: PlatformIdSchema, metric: MetricNameSchema.optional(), agency: AgencyCodeSchema.optional() }).strict();

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

/** Answer of `GET /v1/attainment`: each scorecard's newest snapshot, ordered by ledger stream. */
export const AttainmentBoardAnswerSchema = z.object({ snapshots: z.array(KpiAttainmentSchema) }).strict();

/** A gateway query that breaks the contract: every parameter at fault, with its rule. */
export const GatewayErrorSchema = z.object({ error: z.literal('invalid_query'), errors: z.array(RejectionSchema) }).strict();

export type MetricTotalQuery = z.infer<typeof MetricTotalQuerySchema>;
export type MetricTotalAnswer = z.infer<typeof MetricTotalAnswerSchema>;
export type AggregateStreamQuery = z.infer<typeof AggregateStreamQuerySchema>;
export type AggregateUpdate = z.infer<typeof AggregateUpdateSchema>;
export type AttainmentQuery = z.infer<typeof AttainmentQuerySchema>;
export type AttainmentBoardAnswer = z.infer<typeof AttainmentBoardAnswerSchema>;
export type GatewayError = z.infer<typeof GatewayErrorSchema>;
