import { z } from 'zod';
import { ScoringMethodSchema } from './kpi-catalog.schema';
import { CatalogDefinedSchema, IdSchema, KpiDefinedSchema, TargetRevisedSchema, ValueAttestedSchema } from './ledger/ledger-events.schema';
import { LedgerMetadataSchema, Sha256HexSchema } from './ledger/ledger-metadata.schema';

const DaySchema = z.iso.date();
/** Revisions and positions are 64-bit: decimal strings, as `ledger verify --json` prints them. */
const DecimalSchema = z.string().regex(/^\d+$/);

/** Query of `GET /v1/scorecards`: a catalog as the ledger held it for one Bangkok day, as known at an instant. */
export const ScorecardsQuerySchema = z
  .object({
    catalog: IdSchema,
    'as-of': DaySchema.describe('The Bangkok day scored: usage with event time up to its end, the catalog in force on it'),
    'known-at': z.iso.datetime({ offset: true }).optional().describe('Only what the ledger had recorded by this instant (default: everything)'),
  })
  .strict();

const MeasureReportSchema = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    actual: z.number().nullable(),
    target: z.number().nullable(),
    unit: z.string().optional(),
    method: ScoringMethodSchema,
    score: z.number(),
    /** No event in the period and no attestation by the as-of day: the measure earns 0. */
    missing: z.boolean(),
    period: z.object({ fromDay: DaySchema, toDay: DaySchema }).strict().nullable(),
    parts: z.array(z.object({ label: z.string(), value: z.number().nullable(), published: z.number().optional() }).strict()).optional(),
    attestation: z.object({ by: z.string(), why: z.string(), evidence: z.string(), effective: DaySchema }).strict().optional(),
    published: z.object({ actual: z.number().optional() }).strict().optional(),
  })
  .strict();

const NodeReportCommon = {
  id: z.string(),
  name: z.string(),
  weight: z.number().optional(),
  score: z.number(),
  missing: z.boolean(),
  published: z.object({ score: z.number().optional() }).strict().optional(),
};

const IndicatorReportSchema = z
  .object({ kind: z.literal('indicator'), ...NodeReportCommon, combine: z.enum(['all-of', 'mean-of']).optional(), measures: z.array(MeasureReportSchema) })
  .strict();

interface CompositeReportShape {
  kind: 'composite';
  id: string;
  name: string;
  weight?: number | undefined;
  aggregation: 'mean' | 'weighted';
  score: number;
  missing: boolean;
  published?: { score?: number | undefined } | undefined;
  children: (CompositeReportShape | z.infer<typeof IndicatorReportSchema>)[];
}

const CompositeReportSchema: z.ZodType<CompositeReportShape> = z.lazy(() =>
  z
    .object({
      kind: z.literal('composite'),
      ...NodeReportCommon,
      aggregation: z.enum(['mean', 'weighted']),
      children: z.array(z.union([CompositeReportSchema, IndicatorReportSchema])),
    })
    .strict(),
).meta({ id: 'CompositeReport' });

const FindingSchema = z
  .object({
    rule: z.enum(['published-total-differs-from-parts', 'published-actual-differs', 'published-score-differs', 'different-aggregation-rule', 'not-derivable']),
    node: z.string(),
    name: z.string(),
    figure: z.enum(['actual', 'score']),
    published: z.number(),
    computed: z.number().nullable(),
    difference: z.number().nullable(),
    explanation: z.string(),
    candidates: z.array(z.object({ rule: z.enum(['mean', 'weighted', 'mean-of-leaves']), description: z.string(), value: z.number() }).strict()).optional(),
  })
  .strict();

/** Which catalog the ledger gave: the same `as-of` and `known-at` give the same digest. */
export const CatalogVersionSchema = z
  .object({
    catalogId: IdSchema,
    day: DaySchema,
    knownAt: z.iso.datetime({ offset: true }).nullable(),
    lastChange: z.object({ stream: z.string(), revision: DecimalSchema, position: DecimalSchema, when: z.string(), who: z.string(), why: z.string() }).strict(),
    digest: Sha256HexSchema,
    events: z.number().int().nonnegative(),
  })
  .strict();

/** Answer of `GET /v1/scorecards`: what `score --ledger URL --as-of D [--known-at T] --json` prints. */
export const LedgerScorecardsAnswerSchema = z
  .object({
    catalog: z.object({ id: z.string(), name: z.string() }).strict(),
    asOf: DaySchema,
    scorecards: z.array(CompositeReportSchema),
    findings: z.array(FindingSchema),
    catalogVersion: CatalogVersionSchema,
  })
  .strict();

/** Query of `GET /v1/ledger/verify`: none; an unknown parameter is refused rather than silently ignored. */
export const LedgerVerifyQuerySchema = z.object({}).strict();

const StreamHeadSchema = z.object({ stream: z.string(), revision: DecimalSchema, hash: Sha256HexSchema }).strict();

/**
 * Answer of `GET /v1/ledger/verify`, what `ledger verify --json` prints: every stream's head, or the first broken link.
 * A broken chain is a finding about the data, answered 200 with `ok: false`.
 */
export const LedgerVerificationAnswerSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), checked: z.number().int().nonnegative(), heads: z.array(StreamHeadSchema) }).strict(),
  z
    .object({
      ok: z.literal(false),
      checked: z.number().int().nonnegative(),
      firstBreak: z
        .object({
          stream: z.string(),
          revision: DecimalSchema,
          /** `null` when the anchored event is missing altogether. */
          position: DecimalSchema.nullable(),
          reason: z.enum(['unchained', 'revision-gap', 'prev-hash-mismatch', 'hash-mismatch', 'anchor-mismatch']),
          expected: z.string(),
          found: z.string(),
          message: z.string(),
        })
        .strict(),
    })
    .strict(),
]);

/** Query of `GET /v1/ledger/history`: one catalog's changes (the only one the ledger holds by default), optionally one indicator's. */
export const LedgerHistoryQuerySchema = z.object({ catalog: IdSchema.optional(), indicator: IdSchema.optional() }).strict();

const HistoryTrail = { stream: z.string(), version: DecimalSchema, effective: DaySchema, ...LedgerMetadataSchema.shape };

/** One catalog change: what it said, the day it holds from, and who recorded it when and why (`ledger history --json`). */
export const CatalogChangeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('CatalogDefined'), data: CatalogDefinedSchema, ...HistoryTrail }).strict(),
  z.object({ type: z.literal('KpiDefined'), data: KpiDefinedSchema, ...HistoryTrail }).strict(),
  z.object({ type: z.literal('TargetRevised'), data: TargetRevisedSchema, ...HistoryTrail }).strict(),
  z.object({ type: z.literal('ValueAttested'), data: ValueAttestedSchema, ...HistoryTrail }).strict(),
]);

/** Answer of `GET /v1/ledger/history`: the changes in ledger order. */
export const LedgerHistoryAnswerSchema = z.object({ catalog: IdSchema, indicator: IdSchema.nullable(), changes: z.array(CatalogChangeSchema) }).strict();

/** The auditor endpoints' answer when the ledger or ClickHouse cannot be read (503), or the ledger holds no such catalog or indicator (404). */
export const AuditorErrorSchema = z.object({ error: z.enum(['ledger_unavailable', 'clickhouse_unavailable', 'unknown_catalog', 'unknown_indicator']), message: z.string() }).strict();

export type ScorecardsQuery = z.infer<typeof ScorecardsQuerySchema>;
export type CatalogVersionAnswer = z.infer<typeof CatalogVersionSchema>;
export type LedgerScorecardsAnswer = z.infer<typeof LedgerScorecardsAnswerSchema>;
export type LedgerVerificationAnswer = z.infer<typeof LedgerVerificationAnswerSchema>;
export type LedgerHistoryQuery = z.infer<typeof LedgerHistoryQuerySchema>;
export type CatalogChange = z.infer<typeof CatalogChangeSchema>;
export type LedgerHistoryAnswer = z.infer<typeof LedgerHistoryAnswerSchema>;
export type AuditorError = z.infer<typeof AuditorErrorSchema>;
