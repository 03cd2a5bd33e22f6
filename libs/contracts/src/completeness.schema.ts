import { z } from 'zod';
import { BangkokDaySchema } from './bangkok-time';
import { AgencyCodeSchema, MetricNameSchema, PlatformIdSchema } from './usage-event.schema';

/** Most declarations in one `POST /v1/completeness`: a year of days, so a platform can catch up in one request. */
export const MAX_DECLARATIONS_PER_REQUEST = 366;

/**
 * A platform says "every event of `metric` for Bangkok `day` has been sent" — for one `agency`, or for all of them
 * when it is absent. Kept on `usage.completeness.v1` (key `platform:metric`) forever; the record's broker timestamp
 * (LogAppendTime) is when it was declared, which is what tells a late event from a timely one.
 */
export const CompletenessDeclarationSchema = z
  .object({
    platform: PlatformIdSchema,
    metric: MetricNameSchema,
    day: BangkokDaySchema.describe('The Bangkok day (YYYY-MM-DD) whose events are all sent'),
    agency: AgencyCodeSchema.optional().describe('Only this agency is complete; absent: every agency of the platform'),
  })
  .strict();

/** Body of `POST /v1/completeness`: one or more declarations, each of the caller's own platform. */
export const CompletenessRequestSchema = z.array(CompletenessDeclarationSchema).min(1).max(MAX_DECLARATIONS_PER_REQUEST);

/** `200` answer of `POST /v1/completeness`: the declarations are durable on the topic (a repeat changes nothing). */
export const CompletenessAnswerSchema = z.object({ recorded: z.number().int().positive(), declaredAt: z.iso.datetime({ offset: true }) }).strict();

/** Rules of a refused declaration, each with the JSON path at fault. */
export const COMPLETENESS_RULES = {
  /** The metric is not in the platform catalog for this platform. */
  unknownMetric: 'unknown_metric',
  /** A day that has not begun yet in Bangkok cannot have all its events sent. */
  dayInFuture: 'day_in_future',
  /** A platform declares only for itself: its credential binds it. */
  platformNotOwn: 'platform_not_own',
} as const;

/** One platform, metric and (when it declared per agency) agency, as operators see its completeness. */
export const CompletenessStatusSchema = z
  .object({
    platform: PlatformIdSchema,
    metric: MetricNameSchema,
    agency: AgencyCodeSchema.nullable().describe('null: declarations for every agency at once'),
    firstDeclaredDay: BangkokDaySchema.nullable().describe('The earliest day declared complete; null: never declared'),
    completeThrough: BangkokDaySchema.nullable().describe('The last day of the unbroken run of complete days from firstDeclaredDay'),
    missingDays: z.array(BangkokDaySchema).describe('Days after completeThrough not declared, up to yesterday (Bangkok), oldest first, at most 100'),
    missingDayCount: z.number().int().min(0),
    lastDeclaredAt: z.iso.datetime({ offset: true }).nullable(),
    lastEventTime: z.iso.datetime({ offset: true }).nullable().describe('Event time of the newest event of this platform and metric'),
    lateEvents: z.number().int().min(0).describe('Events projected after the day they belong to had been declared complete (still counted)'),
  })
  .strict();

/** Answer of `GET /v1/operations/completeness`. */
export const CompletenessBoardSchema = z.object({ readAt: z.iso.datetime({ offset: true }), statuses: z.array(CompletenessStatusSchema) }).strict();

export type CompletenessDeclaration = z.infer<typeof CompletenessDeclarationSchema>;
export type CompletenessRequest = z.infer<typeof CompletenessRequestSchema>;
export type CompletenessAnswer = z.infer<typeof CompletenessAnswerSchema>;
export type CompletenessStatus = z.infer<typeof CompletenessStatusSchema>;
export type CompletenessBoard = z.infer<typeof CompletenessBoardSchema>;

/** Partition key on `usage.completeness.v1`: one platform's declarations for one metric stay in order. */
export const completenessKey = (declaration: CompletenessDeclaration): string => `${declaration.platform}:${declaration.metric}`;
