import { z } from 'zod';
import { BangkokDaySchema } from '../bangkok-time';
import { IdSchema } from '../id.schema';
import { StatisticSchema } from '../kpi-catalog.schema';
import { AgencyCodeSchema, MetricNameSchema, PlatformIdSchema } from '../usage-event.schema';
import {
  AlertAcknowledgedSchema,
  AlertFiredSchema,
  AlertResolvedSchema,
  AlertRuleDefinedSchema,
  AlertRuleRetiredSchema,
  NotificationClaimedSchema,
  NotificationDeadLetteredSchema,
  NotificationDeliveredSchema,
} from './alert-events.schema';
import { DecimalSchema, Sha256HexSchema } from './ledger-metadata.schema';

/** A period as the catalog names it, e.g. `FY2564` or `FY2564-Q1`. */
const PeriodSchema = IdSchema;

const IndicatorRefSchema = { catalogId: IdSchema, indicatorId: IdSchema };

/**
 * The Bangkok day from which a catalog fact holds (valid time), as opposed to `when` it was recorded: as-of scoring
 * of an earlier day does not see it. Absent on events written before it existed: then the day of `when`.
 */
const EffectiveSchema = { effective: BangkokDaySchema.optional() };

/**
 * A catalog's frame: name, period and its scorecards as trees of composites whose leaves are `{ "ref": indicatorId }`;
 * each indicator's own definition and target live on its `kpi:` stream.
 */
export const CatalogDefinedSchema = z
  .object({ catalogId: IdSchema, name: z.string().min(1).max(500), definition: z.record(z.string(), z.json()), ...EffectiveSchema })
  .strict();

/** An indicator entered the catalog or its definition changed; `definition` is the catalog's entry as JSON. */
export const KpiDefinedSchema = z
  .object({ ...IndicatorRefSchema, name: z.string().min(1).max(500), definition: z.record(z.string(), z.json()), ...EffectiveSchema })
  .strict();

/** The target an indicator is scored against for one period; a number or a structured target (bands, milestones). */
export const TargetRevisedSchema = z.object({ ...IndicatorRefSchema, period: PeriodSchema, target: z.json(), ...EffectiveSchema }).strict();

/** A value no platform streams (a survey result, a PMQA score), stated by a person who points at the evidence. */
export const ValueAttestedSchema = z
  .object({
    ...IndicatorRefSchema,
    period: PeriodSchema,
    value: z.number().finite(),
    unit: z.string().min(1).max(64).optional(),
    evidence: z
      .object({
        /** Where an auditor finds the evidence: a URL or a document register number. */
        reference: z.string().min(1).max(1000),
        /** Digest of the evidence file, when there is one, so a swapped file is noticed. */
        sha256: Sha256HexSchema.optional(),
        description: z.string().max(2000).optional(),
      })
      .strict(),
  })
  .strict();

/** A Kafka position: the last offset read of one partition, as a decimal string (offsets are 64-bit). */
export const KafkaOffsetSchema = z.object({ topic: z.string().min(1), partition: z.number().int().nonnegative(), offset: DecimalSchema }).strict();

/** The aggregate read for one indicator, with the query that read it, so a snapshot can be re-derived. */
export const AggregateInputSchema = z
  .object({
    indicatorId: IdSchema,
    platform: PlatformIdSchema,
    metric: MetricNameSchema,
    statistic: StatisticSchema,
    agencies: z.array(AgencyCodeSchema).optional(),
    dimensions: z.record(z.string(), z.string()).optional(),
    fromDay: BangkokDaySchema,
    toDay: BangkokDaySchema,
    value: z.number().finite().nullable(),
    /**
     * The last day of the unbroken run of days from `fromDay` its platform declared complete for this metric (and these
     * agencies); null: `fromDay` itself is not. Absent on snapshots recorded before completeness was tracked.
     */
    completeThrough: BangkokDaySchema.nullable().optional(),
  })
  .strict();

/** Scores as computed, the aggregate values they came from, and how far into the log those aggregates reached. */
export const ScoreSnapshotRecordedSchema = z
  .object({
    catalogId: IdSchema,
    scorecardId: IdSchema,
    period: PeriodSchema,
    /** Event time up to which usage was counted. */
    asOf: z.iso.datetime({ offset: true }),
    overall: z.number().finite().nullable(),
    scores: z.array(
      z
        .object({
          indicatorId: IdSchema,
          method: z.string().min(1),
          actual: z.number().finite().nullable(),
          target: z.json().nullable(),
          score: z.number().finite().nullable(),
        })
        .strict(),
    ),
    aggregates: z.array(AggregateInputSchema),
    offsets: z.array(KafkaOffsetSchema),
    /**
     * The catalog version scored (absent on snapshots scored from a file): a digest of the catalog and attested
     * values in force, and the ledger event that last changed them, so an auditor can re-derive every input.
     */
    catalog: z
      .object({ digest: Sha256HexSchema, lastChange: z.object({ stream: z.string().min(1), revision: DecimalSchema }).strict() })
      .strict()
      .optional(),
    /**
     * True while some input is not declared complete through the as-of day (or its range's last day, when earlier):
     * the score may still move as late events arrive. Absent on snapshots recorded before completeness was tracked.
     */
    provisional: z.boolean().optional(),
  })
  .strict();

/** Every event the governance ledger holds, by `type`. */
export const LedgerEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('CatalogDefined'), data: CatalogDefinedSchema }).strict(),
  z.object({ type: z.literal('KpiDefined'), data: KpiDefinedSchema }).strict(),
  z.object({ type: z.literal('TargetRevised'), data: TargetRevisedSchema }).strict(),
  z.object({ type: z.literal('ValueAttested'), data: ValueAttestedSchema }).strict(),
  z.object({ type: z.literal('ScoreSnapshotRecorded'), data: ScoreSnapshotRecordedSchema }).strict(),
  z.object({ type: z.literal('AlertRuleDefined'), data: AlertRuleDefinedSchema }).strict(),
  z.object({ type: z.literal('AlertRuleRetired'), data: AlertRuleRetiredSchema }).strict(),
  z.object({ type: z.literal('AlertFired'), data: AlertFiredSchema }).strict(),
  z.object({ type: z.literal('AlertResolved'), data: AlertResolvedSchema }).strict(),
  z.object({ type: z.literal('AlertAcknowledged'), data: AlertAcknowledgedSchema }).strict(),
  z.object({ type: z.literal('NotificationDeadLettered'), data: NotificationDeadLetteredSchema }).strict(),
  z.object({ type: z.literal('NotificationClaimed'), data: NotificationClaimedSchema }).strict(),
  z.object({ type: z.literal('NotificationDelivered'), data: NotificationDeliveredSchema }).strict(),
]);

export type CatalogDefined = z.infer<typeof CatalogDefinedSchema>;
export type KpiDefined = z.infer<typeof KpiDefinedSchema>;
export type TargetRevised = z.infer<typeof TargetRevisedSchema>;
export type ValueAttested = z.infer<typeof ValueAttestedSchema>;
export type ScoreSnapshotRecorded = z.infer<typeof ScoreSnapshotRecordedSchema>;
export type KafkaOffset = z.infer<typeof KafkaOffsetSchema>;
export type LedgerEvent = z.infer<typeof LedgerEventSchema>;
export type LedgerEventType = LedgerEvent['type'];
