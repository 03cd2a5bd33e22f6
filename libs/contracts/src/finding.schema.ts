import { z } from 'zod';

/**
 * The rule that explains a mismatch between a published figure and what the parts or the data give:
 * - `published-total-differs-from-parts`: a printed total is not the sum of its printed parts;
 * - `published-actual-differs`: the data give another actual than the one printed;
 * - `published-score-differs`: the data give another score than the one printed;
 * - `different-aggregation-rule`: a printed composite is what another aggregation rule gives, not the declared one;
 * - `not-derivable`: no declared or alternative rule reproduces the printed composite from its parts.
 */
export const FindingRuleSchema = z.enum([
  'published-total-differs-from-parts',
  'published-actual-differs',
  'published-score-differs',
  'different-aggregation-rule',
  'not-derivable',
]);

/** An aggregation rule tried on a composite, with what it gives. */
export const CandidateSchema = z.object({ rule: z.enum(['mean', 'weighted', 'mean-of-leaves']), description: z.string(), value: z.number() }).strict();

/** A reconciliation finding: a published figure, the number it was checked against, and the rule that explains the gap. */
export const FindingSchema = z
  .object({
    rule: FindingRuleSchema,
    /** Id of the indicator, measure or composite the figure belongs to. */
    node: z.string(),
    name: z.string(),
    figure: z.enum(['actual', 'score']),
    published: z.number(),
    /** The number the published figure was checked against (the sum of parts, the data, the declared rule); `null` when none can be derived. */
    computed: z.number().nullable(),
    /** computed − published. */
    difference: z.number().nullable(),
    explanation: z.string(),
    /** The aggregation rules tried on a composite, with what each gives. */
    candidates: z.array(CandidateSchema).optional(),
  })
  .strict();

export type FindingRule = z.infer<typeof FindingRuleSchema>;
export type Candidate = z.infer<typeof CandidateSchema>;
export type Finding = z.infer<typeof FindingSchema>;
