import { z } from 'zod';
import { BangkokDaySchema } from './bangkok-time';
import { IdSchema } from './id.schema';
import { AgencyCodeSchema, MetricNameSchema, PlatformIdSchema } from './usage-event.schema';

/**
 * A reporting period in Thai local time (Asia/Bangkok). Fiscal years run 1 October – 30 September and are
 * named by the calendar year they end in: B.E. 2564 = C.E. 2021 = 2020-10-01..2021-09-30.
 */
export const KpiPeriodSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('fiscal-year'), year: z.number().int().min(1900).max(3000), era: z.enum(['BE', 'CE']).default('BE') }).strict(),
    z
      .object({
        kind: z.literal('fiscal-quarter'),
        year: z.number().int().min(1900).max(3000),
        era: z.enum(['BE', 'CE']).default('BE'),
        /** Q1 = October–December. */
        quarter: z.number().int().min(1).max(4),
      })
      .strict(),
    z
      .object({ kind: z.literal('range'), from: BangkokDaySchema, to: BangkokDaySchema })
      .strict()
      .refine((range) => range.from <= range.to, { message: 'range "from" must not be after "to"', path: ['to'] }),
  ])
  .meta({ id: 'KpiPeriod' });

/**
 * Which statistic of a metric an indicator's actual is:
 * - `sum`: total of the values (counters);
 * - `count`: number of events;
 * - `average`: sum / count (ratings);
 * - `latest`: each agency's latest value by event time, summed over the agencies selected (gauges);
 * - `distinct`: exact number of distinct entities (distinct metrics);
 * - `agencies`: number of distinct agencies with at least one event.
 */
export const StatisticSchema = z.enum(['sum', 'count', 'average', 'latest', 'distinct', 'agencies']);

/** One statistic of one metric over the usage aggregates (see the AggregateReader port in libs/scoring). */
export const MetricQuerySpecSchema = z
  .object({
    platform: PlatformIdSchema,
    metric: MetricNameSchema,
    statistic: StatisticSchema,
    agencies: z.array(AgencyCodeSchema).min(1).optional(),
    dimensions: z.record(z.string().min(1), z.string()).optional(),
    /** Overrides the indicator's period for this query. */
    period: KpiPeriodSchema.optional(),
  })
  .strict()
  .meta({ id: 'MetricQuery' });

/** A labelled part of a sum, optionally with the figure the report printed for it. */
const SumPartSchema = MetricQuerySpecSchema.extend({ label: z.string().min(1), published: z.number().finite().optional() }).strict();

/** Where a measure's actual comes from. */
export const ActualSpecSchema = z
  .union([
    z.object({ query: MetricQuerySpecSchema }).strict(),
    z.object({ sum: z.array(SumPartSchema).min(2) }).strict(),
    z
      .object({
        ratio: z.object({ numerator: MetricQuerySpecSchema, denominator: MetricQuerySpecSchema, scale: z.number().positive().default(1) }).strict(),
      })
      .strict(),
    /** Entered by a person with evidence; several measures may share one attested value by id. */
    z.object({ attested: z.object({ id: IdSchema, unit: z.string().optional() }).strict() }).strict(),
  ])
  .meta({ id: 'Actual' });

const bandsDirectionOrder = (method: { direction: 'higher-is-better' | 'lower-is-better'; bands: { threshold: number }[] }) =>
  method.bands.every((band, i) => {
    const previous = method.bands[i - 1];
    if (previous === undefined) return true;
    return method.direction === 'higher-is-better' ? band.threshold < previous.threshold : band.threshold > previous.threshold;
  });

/** How an actual against a target becomes a score (0..cap, normally 0..100). */
export const ScoringMethodSchema = z
  .discriminatedUnion('kind', [
    /** min(cap, actual / target × 100). */
    z.object({ kind: z.literal('ratio'), cap: z.number().positive().default(100) }).strict(),
    /** Lower is better: min(cap, target / actual × 100). */
    z.object({ kind: z.literal('inverse-ratio'), cap: z.number().positive().default(100) }).strict(),
    /**
     * Ordered thresholds, best band first. Higher is better: the first band whose threshold the actual reaches
     * (actual ≥ threshold); lower is better: the first band the actual stays within (actual ≤ threshold).
     * A value exactly on an edge belongs to the better band. Outside every band: `otherwise`.
     */
    z
      .object({
        kind: z.literal('bands'),
        direction: z.enum(['higher-is-better', 'lower-is-better']),
        bands: z.array(z.object({ threshold: z.number().finite(), score: z.number().min(0) }).strict()).min(1),
        otherwise: z.number().min(0).default(0),
      })
      .strict()
      .refine(bandsDirectionOrder, {
        message: 'bands must be listed best first: thresholds strictly decreasing when higher is better, strictly increasing when lower is better',
        path: ['bands'],
      }),
    /** Done (actual ≥ target, target 1 by default) → 100, otherwise 0. */
    z.object({ kind: z.literal('milestone') }).strict(),
  ])
  .meta({ id: 'ScoringMethod' });

/** A target that applies while the as-of day falls in its period; the last one applies after all periods. */
const PeriodTargetSchema = z.object({ period: KpiPeriodSchema, value: z.number().finite() }).strict();

const TargetSchema = z.union([z.number().finite(), z.array(PeriodTargetSchema).min(1)]).meta({ id: 'Target' });

/** Figures the published report printed, for reconciliation. */
const PublishedSchema = z
  .object({ actual: z.number().finite().optional(), score: z.number().finite().optional(), source: z.string().optional() })
  .strict()
  .meta({ id: 'Published' });

const ratioNeedsTarget = (measure: { method: { kind: string }; target?: unknown }) =>
  (measure.method.kind !== 'ratio' && measure.method.kind !== 'inverse-ratio') || measure.target !== undefined;
const RATIO_NEEDS_TARGET = { message: 'a ratio or inverse-ratio method needs a target', path: ['target'] };

/** One actual against one target. */
export const MeasureSchema = z
  .object({
    id: IdSchema,
    name: z.string().min(1).optional(),
    actual: ActualSpecSchema,
    target: TargetSchema.optional(),
    unit: z.string().optional(),
    method: ScoringMethodSchema,
    published: PublishedSchema.optional(),
  })
  .strict()
  .refine(ratioNeedsTarget, RATIO_NEEDS_TARGET)
  .meta({ id: 'Measure' });

const IndicatorBase = {
  id: IdSchema,
  name: z.string().min(1),
  weight: z.number().positive().optional(),
  period: KpiPeriodSchema.optional(),
  published: PublishedSchema.optional(),
  note: z.string().optional(),
};

/** A leaf with one target: the measure's fields inline (the measure's id is the indicator's). */
const SingleTargetIndicatorSchema = z
  .object({
    ...IndicatorBase,
    actual: ActualSpecSchema,
    target: TargetSchema.optional(),
    unit: z.string().optional(),
    method: ScoringMethodSchema,
  })
  .strict()
  .refine(ratioNeedsTarget, RATIO_NEEDS_TARGET);

/** A leaf with several targets: all-of = the lowest measure score (100 only when every target is met), mean-of = their mean. */
const MultiTargetIndicatorSchema = z.object({ ...IndicatorBase, combine: z.enum(['all-of', 'mean-of']), measures: z.array(MeasureSchema).min(2) }).strict();

export const IndicatorSchema = z.union([SingleTargetIndicatorSchema, MultiTargetIndicatorSchema]).meta({ id: 'Indicator' });

/** A composite's fields; written once for the zod input (YAML as written) and output (defaults filled in) types. */
interface CompositeShape<Period, Published, Leaf> {
  id: string;
  name: string;
  weight?: number;
  period?: Period;
  published?: Published;
  note?: string;
  aggregation: 'mean' | 'weighted';
  children: (CompositeShape<Period, Published, Leaf> | Leaf)[];
}

export type Composite = CompositeShape<z.output<typeof KpiPeriodSchema>, z.output<typeof PublishedSchema>, z.output<typeof IndicatorSchema>>;
type CompositeInput = CompositeShape<z.input<typeof KpiPeriodSchema>, z.input<typeof PublishedSchema>, z.input<typeof IndicatorSchema>>;

/**
 * A group of indicators or groups: `mean` = plain mean of the children's scores, `weighted` =
 * Σ(weight × score) / Σ weight over the children (every child then needs a weight).
 */
export const CompositeSchema: z.ZodType<Composite, CompositeInput> = z.lazy(() =>
  z
    .object({
      ...IndicatorBase,
      aggregation: z.enum(['mean', 'weighted']),
      children: z.array(z.union([CompositeSchema, IndicatorSchema])).min(1),
    })
    .strict()
    .refine((composite) => composite.aggregation !== 'weighted' || composite.children.every((child) => child.weight !== undefined), {
      message: 'a weighted composite needs a weight on every child',
      path: ['children'],
    })
    .meta({ id: 'Composite' }),
);

const uniqueIds = (catalog: { scorecards: Composite[] }) => {
  const seen = new Set<string>();
  const duplicates: string[] = [];
  const visit = (node: Composite | z.output<typeof IndicatorSchema>): void => {
    const ids = [node.id, ...('measures' in node ? node.measures.map((measure) => measure.id) : [])];
    for (const id of ids) {
      if (seen.has(id)) duplicates.push(id);
      seen.add(id);
    }
    if ('children' in node) node.children.forEach(visit);
  };
  catalog.scorecards.forEach(visit);
  return duplicates;
};

/** A KPI catalog: the scorecards an agency is evaluated on, each a tree of composites over indicators. */
export const KpiCatalogSchema = z
  .object({
    version: z.literal(1),
    id: IdSchema,
    name: z.string().min(1),
    /** The period every indicator is measured over unless it says otherwise. */
    period: KpiPeriodSchema,
    scorecards: z.array(CompositeSchema).min(1),
  })
  .strict()
  .superRefine((catalog, ctx) => {
    for (const id of uniqueIds(catalog)) ctx.addIssue({ code: 'custom', message: `id "${id}" is used more than once`, path: ['scorecards'] });
  });

export type KpiPeriod = z.infer<typeof KpiPeriodSchema>;
export type MetricQuerySpec = z.infer<typeof MetricQuerySpecSchema>;
export type ActualSpec = z.infer<typeof ActualSpecSchema>;
export type ScoringMethod = z.infer<typeof ScoringMethodSchema>;
export type Measure = z.infer<typeof MeasureSchema>;
export type Indicator = z.infer<typeof IndicatorSchema>;
export type KpiCatalog = z.infer<typeof KpiCatalogSchema>;
export type KpiCatalogInput = z.input<typeof KpiCatalogSchema>;
export type Statistic = z.infer<typeof StatisticSchema>;
