import { z } from 'zod';
import { BangkokDaySchema } from './bangkok-time';
import { FindingSchema } from './finding.schema';
import { ScoringMethodSchema } from './kpi-catalog.schema';

/** One measure's actual against its target and the score it earns; actuals and targets carry up to 4 decimals, scores 2. */
export const MeasureReportSchema = z
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
    period: z.object({ fromDay: BangkokDaySchema, toDay: BangkokDaySchema }).strict().nullable(),
    parts: z.array(z.object({ label: z.string(), value: z.number().nullable(), published: z.number().optional() }).strict()).optional(),
    attestation: z.object({ by: z.string(), why: z.string(), evidence: z.string(), effective: BangkokDaySchema }).strict().optional(),
    published: z.object({ actual: z.number().optional() }).strict().optional(),
  })
  .strict();

/** What an indicator and a composite report alike, after their `kind`. */
const NodeReportCommon = {
  id: z.string(),
  name: z.string(),
  weight: z.number().optional(),
  score: z.number(),
  missing: z.boolean(),
  published: z.object({ score: z.number().optional() }).strict().optional(),
};

export const IndicatorReportSchema = z
  .object({ kind: z.literal('indicator'), ...NodeReportCommon, combine: z.enum(['all-of', 'mean-of']).optional(), measures: z.array(MeasureReportSchema) })
  .strict();

/** A composite's score from its children's by its aggregation rule; a scorecard is a composite. */
export const CompositeReportSchema = z
  .strictObject({ kind: z.literal('composite'), ...NodeReportCommon })
  .extend({
    aggregation: z.enum(['mean', 'weighted']),
    // A getter is zod's way to a schema, and an inferred type, that contains itself (not beside a spread: hence extend).
    get children() {
      return z.array(z.union([CompositeReportSchema, IndicatorReportSchema]));
    },
  })
  .meta({ id: 'CompositeReport' });

/** What `score --json` prints: every scorecard as of a day, and the reconciliation findings. */
export const ScorecardReportSchema = z
  .object({
    catalog: z.object({ id: z.string(), name: z.string() }).strict(),
    asOf: BangkokDaySchema,
    scorecards: z.array(CompositeReportSchema),
    findings: z.array(FindingSchema),
  })
  .strict();

export type MeasureReport = z.infer<typeof MeasureReportSchema>;
export type IndicatorReport = z.infer<typeof IndicatorReportSchema>;
export type CompositeReport = z.infer<typeof CompositeReportSchema>;
export type ScorecardReport = z.infer<typeof ScorecardReportSchema>;
