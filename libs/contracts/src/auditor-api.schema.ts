import { z } from 'zod';
import { BangkokDaySchema } from './bangkok-time';
import { CatalogVersionSchema } from './catalog-version.schema';
import { IdSchema } from './id.schema';
import { CatalogDefinedSchema, KpiDefinedSchema, TargetRevisedSchema, ValueAttestedSchema } from './ledger/ledger-events.schema';
import { DecimalSchema, LedgerMetadataSchema, Sha256HexSchema } from './ledger/ledger-metadata.schema';
import { SignedHeadsCheckSchema } from './ledger/signed-heads.schema';
import { ScorecardReportSchema } from './scorecard-report.schema';

/** Query of `GET /v1/scorecards`: a catalog as the ledger held it for one Bangkok day, as known at an instant. */
export const ScorecardsQuerySchema = z
  .object({
    catalog: IdSchema,
    'as-of': BangkokDaySchema.describe('The Bangkok day scored: usage with event time up to its end, the catalog in force on it'),
    'known-at': z.iso.datetime({ offset: true }).optional().describe('Only what the ledger had recorded by this instant (default: everything)'),
  })
  .strict();

/** Answer of `GET /v1/scorecards`: what `score --ledger URL --as-of D [--known-at T] --json` prints. */
export const LedgerScorecardsAnswerSchema = ScorecardReportSchema.extend({ catalogVersion: CatalogVersionSchema });

/** Query of `GET /v1/ledger/verify`: none; an unknown parameter is refused rather than silently ignored. */
export const LedgerVerifyQuerySchema = z.object({}).strict();

const StreamHeadSchema = z.object({ stream: z.string(), revision: DecimalSchema, hash: Sha256HexSchema }).strict();

/**
 * Answer of `GET /v1/ledger/verify`, what `ledger verify --json` prints: every stream's head, or the first broken link
 * (against the published signed heads too, when verify keys are configured: a rewritten or deleted tail is an `anchor-mismatch`).
 * A broken chain is a finding about the data, answered 200 with `ok: false`.
 */
export const LedgerVerificationAnswerSchema = z.discriminatedUnion('ok', [
  z
    .object({ ok: z.literal(true), checked: z.number().int().nonnegative(), heads: z.array(StreamHeadSchema), signedHeads: SignedHeadsCheckSchema.optional() })
    .strict(),
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
      /** The published signed heads checked against, when verify keys are configured. */
      signedHeads: SignedHeadsCheckSchema.optional(),
    })
    .strict(),
]);

/** Query of `GET /v1/ledger/history`: one catalog's changes (the only one the ledger holds by default), optionally one indicator's. */
export const LedgerHistoryQuerySchema = z.object({ catalog: IdSchema.optional(), indicator: IdSchema.optional() }).strict();

const HistoryTrail = { stream: z.string(), version: DecimalSchema, effective: BangkokDaySchema, ...LedgerMetadataSchema.shape };

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
export const AuditorErrorSchema = z
  .object({ error: z.enum(['ledger_unavailable', 'clickhouse_unavailable', 'unknown_catalog', 'unknown_indicator']), message: z.string() })
  .strict();

export type ScorecardsQuery = z.infer<typeof ScorecardsQuerySchema>;
export type LedgerScorecardsAnswer = z.infer<typeof LedgerScorecardsAnswerSchema>;
export type LedgerVerificationAnswer = z.infer<typeof LedgerVerificationAnswerSchema>;
export type LedgerHistoryQuery = z.infer<typeof LedgerHistoryQuerySchema>;
export type CatalogChange = z.infer<typeof CatalogChangeSchema>;
export type LedgerHistoryAnswer = z.infer<typeof LedgerHistoryAnswerSchema>;
export type AuditorError = z.infer<typeof AuditorErrorSchema>;
