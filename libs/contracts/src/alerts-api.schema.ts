import { z } from 'zod';
import { BangkokDaySchema } from './bangkok-time';
import { IdSchema } from './id.schema';
import { AlertConditionSchema, AlertRuleDefinedSchema } from './ledger/alert-events.schema';
import { DecimalSchema } from './ledger/ledger-metadata.schema';

// Who is never in a body: the gateway records the authenticated token's subject.
const reason = z.string().min(1).max(2000).describe('Why; the ledger keeps it beside who');

/** `POST /v1/alert-rules`: a rule set or redefined from `effective` (default: today in Bangkok). */
export const AlertRuleRequestSchema = z
  .object({
    ruleId: IdSchema,
    name: AlertRuleDefinedSchema.shape.name,
    severity: AlertRuleDefinedSchema.shape.severity,
    condition: AlertConditionSchema,
    effective: BangkokDaySchema.optional(),
    expectedVersion: DecimalSchema.optional().describe("The rule stream's version read; a stale one is answered 409. Absent: append whatever it holds"),
    reason,
  })
  .strict();

/** `POST /v1/alert-rules/{rule}/retirements`: the rule is no longer evaluated from `effective`. */
export const AlertRuleRetirementRequestSchema = z.object({ effective: BangkokDaySchema.optional(), reason }).strict();

/** `POST /v1/alerts/{alert}/acknowledgements`: someone takes charge of a firing alert. */
export const AlertAcknowledgementRequestSchema = z.object({ reason }).strict();

const TrailSchema = z.object({ who: z.string(), why: z.string(), when: z.iso.datetime({ offset: true }) }).strict();

/** A rule as the ledger holds it now, with who set it, from which day and why. */
export const AlertRuleViewSchema = z
  .object({
    ruleId: IdSchema,
    name: z.string(),
    severity: AlertRuleDefinedSchema.shape.severity,
    condition: AlertConditionSchema,
    effective: BangkokDaySchema,
    retired: BangkokDaySchema.nullable(),
    set: TrailSchema,
  })
  .strict();

/** One alert (one firing of a rule) as it stands: the same shape on GET /v1/alerts, its stream and every webhook. */
export const AlertViewSchema = z
  .object({
    alertId: z.string(),
    ruleId: IdSchema,
    ruleName: z.string(),
    severity: AlertRuleDefinedSchema.shape.severity,
    state: z.enum(['firing', 'resolved']),
    summary: z.string().describe('The latest summary: why it fired, or why it resolved'),
    observed: z.record(z.string(), z.json()),
    firedAt: z.iso.datetime({ offset: true }),
    resolvedAt: z.iso.datetime({ offset: true }).nullable(),
    acknowledged: TrailSchema.nullable(),
    /** The ledger position of the latest change: the stream's event id. */
    position: DecimalSchema,
  })
  .strict();

/** `GET /v1/alerts`: the rules in force and every alert, firing first, newest first. */
export const AlertsAnswerSchema = z.object({ rules: z.array(AlertRuleViewSchema), alerts: z.array(AlertViewSchema) }).strict();

/** `GET /v1/alerts` and `/v1/alerts/stream` query: only firing alerts, or every one. */
export const AlertsQuerySchema = z
  .object({
    state: z.enum(['firing', 'all']).default('all'),
    last_event_id: DecimalSchema.optional().describe('Resume after this ledger position (as Last-Event-ID); stream only'),
  })
  .strict();

export const ALERT_EVENT_TYPES = {
  fired: 'th.go.dga.govmetrics.alert.fired.v1',
  resolved: 'th.go.dga.govmetrics.alert.resolved.v1',
  acknowledged: 'th.go.dga.govmetrics.alert.acknowledged.v1',
} as const;

/** Header carrying `sha256=<hex>`: HMAC-SHA256 of the exact body bytes under the subscription's secret. */
export const ALERT_SIGNATURE_HEADER = 'X-Govmetrics-Signature';

/** A webhook notification: a CloudEvent 1.0 in structured JSON mode (`application/cloudevents+json`), data the alert as it stands. */
export const AlertNotificationSchema = z
  .object({
    specversion: z.literal('1.0'),
    /** `<alertId>/<ledger position>`: the same change always has the same id, so a receiver can drop repeats. */
    id: z.string().min(1),
    source: z.literal('urn:govmetrics:alerts'),
    type: z.enum([ALERT_EVENT_TYPES.fired, ALERT_EVENT_TYPES.resolved, ALERT_EVENT_TYPES.acknowledged]),
    subject: z.string().describe('The alert id'),
    time: z.iso.datetime({ offset: true }),
    datacontenttype: z.literal('application/json'),
    data: AlertViewSchema,
  })
  .strict();

export type AlertRuleRequest = z.infer<typeof AlertRuleRequestSchema>;
export type AlertRuleRetirementRequest = z.infer<typeof AlertRuleRetirementRequestSchema>;
export type AlertAcknowledgementRequest = z.infer<typeof AlertAcknowledgementRequestSchema>;
export type AlertRuleView = z.infer<typeof AlertRuleViewSchema>;
export type AlertView = z.infer<typeof AlertViewSchema>;
export type AlertsAnswer = z.infer<typeof AlertsAnswerSchema>;
export type AlertsQuery = z.infer<typeof AlertsQuerySchema>;
export type AlertNotification = z.infer<typeof AlertNotificationSchema>;
