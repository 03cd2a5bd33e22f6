import { z } from 'zod';
import { BangkokDaySchema } from '../bangkok-time';
import { IdSchema } from '../id.schema';
import { PlatformIdSchema } from '../usage-event.schema';

/** A forecast's status, worst first (libs/foresight decides it). */
export const ForecastStatusSchema = z.enum(['off-track', 'at-risk', 'on-track']);

/** What a rule watches; each kind fires while its condition holds and resolves when it no longer does. */
export const AlertConditionSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('forecast-threshold'),
      catalogId: IdSchema,
      /** A measure id (an indicator's id when it has one target). */
      measureId: IdSchema,
      /** The expected period-end score (0-100) or actual. */
      of: z.enum(['score', 'actual']),
      when: z.enum(['below', 'above']),
      value: z.number().finite(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('status-change'),
      catalogId: IdSchema,
      /** A scorecard, composite, indicator or measure id. */
      nodeId: IdSchema,
      /** The statuses that fire; leaving them resolves. */
      to: z.array(ForecastStatusSchema).min(1).default(['at-risk', 'off-track']),
    })
    .strict(),
  z
    .object({
      kind: z.literal('platform-silent'),
      platform: PlatformIdSchema,
      /** Fires when the platform's newest event is more than this many hours behind the reference clock. */
      hours: z.number().positive().max(8784),
    })
    .strict(),
  z
    .object({
      kind: z.literal('provisional-past-deadline'),
      catalogId: IdSchema,
      scorecardId: IdSchema,
      /** Fires while the scorecard's newest snapshot is provisional this many hours after the end of its as-of day. */
      hours: z.number().min(0).max(8784),
    })
    .strict(),
]);

const RuleRefSchema = { ruleId: IdSchema };

/** A steward set (or redefined) an alert rule, holding from `effective` (a Bangkok day; absent: the day recorded). */
export const AlertRuleDefinedSchema = z
  .object({
    ...RuleRefSchema,
    name: z.string().min(1).max(200),
    severity: z.enum(['warning', 'critical']).default('warning'),
    condition: AlertConditionSchema,
    effective: BangkokDaySchema.optional(),
  })
  .strict();

/** A rule stops being evaluated from `effective`; an open alert of it resolves at the next evaluation. */
export const AlertRuleRetiredSchema = z.object({ ...RuleRefSchema, effective: BangkokDaySchema.optional() }).strict();

const OccurrenceSchema = {
  ...RuleRefSchema,
  /** `<ruleId>#<n>`: the rule's n-th firing, so every notification about one firing names the same alert. */
  alertId: z.string().min(3).max(80),
  /** The reference instant the inputs were read at (a replay compares against it, not the wall clock). */
  at: z.iso.datetime({ offset: true }),
  /** One line a person can act on. */
  summary: z.string().min(1).max(1000),
};

/** A rule's condition started to hold. `observed`: the figures it was judged on. */
export const AlertFiredSchema = z.object({ ...OccurrenceSchema, observed: z.record(z.string(), z.json()) }).strict();

/** The condition of a firing alert no longer holds (or its rule was retired). */
export const AlertResolvedSchema = z.object(OccurrenceSchema).strict();

/** A person took charge of a firing alert; who and why are the ledger's metadata. */
export const AlertAcknowledgedSchema = z.object({ ...RuleRefSchema, alertId: OccurrenceSchema.alertId }).strict();

/** Which notification, to which subscription: the CloudEvent's id and type, so a receiver can be replayed exactly what it missed. */
const NotificationRefSchema = {
  subscriptionId: IdSchema,
  alertId: OccurrenceSchema.alertId,
  eventId: z.string().min(1).max(200),
  eventType: z.string().min(1).max(200),
};

/** A notification that every retry failed to deliver, with the last reason: nothing is dropped silently. */
export const NotificationDeadLetteredSchema = z
  .object({ ...NotificationRefSchema, attempts: z.number().int().positive(), reason: z.string().min(1).max(1000) })
  .strict();

/**
 * A notifier took a notification on, appended against the subscription's stream version so that only one replica
 * sends it; until `leaseUntil` no other does, after it (no outcome recorded: the claimant died) another sends it again.
 */
export const NotificationClaimedSchema = z.object({ ...NotificationRefSchema, leaseUntil: z.iso.datetime({ offset: true }) }).strict();

/** A subscription's webhook took a notification: notifiers resume after it. */
export const NotificationDeliveredSchema = z.object({ ...NotificationRefSchema, attempts: z.number().int().positive() }).strict();

export type ForecastStatus = z.infer<typeof ForecastStatusSchema>;
export type AlertCondition = z.infer<typeof AlertConditionSchema>;
export type AlertRuleDefined = z.infer<typeof AlertRuleDefinedSchema>;
export type AlertRuleRetired = z.infer<typeof AlertRuleRetiredSchema>;
export type AlertFired = z.infer<typeof AlertFiredSchema>;
export type AlertResolved = z.infer<typeof AlertResolvedSchema>;
export type AlertAcknowledged = z.infer<typeof AlertAcknowledgedSchema>;
export type NotificationDeadLettered = z.infer<typeof NotificationDeadLetteredSchema>;
export type NotificationClaimed = z.infer<typeof NotificationClaimedSchema>;
export type NotificationDelivered = z.infer<typeof NotificationDeliveredSchema>;
