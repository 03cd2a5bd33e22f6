import { parse } from 'yaml';
import { z } from 'zod';
import { MetricNameSchema, PlatformIdSchema, SLUG_PATTERN } from './usage-event.schema';

const DimensionNameSchema = z.string().regex(SLUG_PATTERN, 'dimension name must be a lowercase slug');

const metricBase = {
  /** What one unit of `value` is: calls, accounts, agencies, percent. */
  unit: z.string().min(1).max(32),
  description: z.string().min(1).max(500),
  /** Dimension names an event of this metric may carry; any other dimension is rejected. */
  dimensions: z.array(DimensionNameSchema).default([]),
};

const integerFlag = z.boolean().optional().describe('whether every value must be a whole number');

/** Bounds of one event's `value`; an absent member takes the kind's default ({@link DEFAULT_VALUE_BOUNDS}). */
const ValueBoundsSchema = z
  .object({
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
    integer: integerFlag,
  })
  .strict();

export interface ValueBounds {
  min: number;
  max: number;
  integer: boolean;
}

/**
 * Per event, by kind. Counters and distinct counts are whole and at most 1e9, so any sum of fewer than 9 million
 * events stays a whole number below 2^53, exact in Float64; gauges are snapshots within ±1e12. A rating's bounds are its `range`.
 */
export const DEFAULT_VALUE_BOUNDS: Readonly<Record<'counter' | 'gauge' | 'distinct', ValueBounds>> = {
  counter: { min: 0, max: 1e9, integer: true },
  gauge: { min: -1e12, max: 1e12, integer: false },
  distinct: { min: 0, max: 1e9, integer: true },
};

/**
 * One declared metric. The kind says how events combine: counter = add (value >= 0), gauge = latest value
 * wins, distinct = count each pseudonymous `entity` once, rating = average of values within `range`.
 * `value` narrows or widens the kind's default bounds and integrality per event.
 */
export const MetricDefinitionSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('counter'), ...metricBase, value: ValueBoundsSchema.optional() }).strict(),
    z.object({ kind: z.literal('gauge'), ...metricBase, value: ValueBoundsSchema.optional() }).strict(),
    z.object({ kind: z.literal('distinct'), ...metricBase, value: ValueBoundsSchema.optional() }).strict(),
    z
      .object({
        kind: z.literal('rating'),
        ...metricBase,
        range: z
          .object({ min: z.number().finite(), max: z.number().finite() })
          .strict()
          .refine((range) => range.min < range.max, 'range.min must be below range.max'),
        value: z.object({ integer: integerFlag }).strict().optional(),
      })
      .strict(),
  ])
  .superRefine((definition, ctx) => {
    const { min, max } = valueBoundsOf(definition);
    if (min > max) ctx.addIssue({ code: 'custom', path: ['value'], message: `value.min (${min}) must not be above value.max (${max})` });
    if (definition.kind !== 'gauge' && definition.kind !== 'rating' && min < 0) {
      ctx.addIssue({ code: 'custom', path: ['value', 'min'], message: `a ${definition.kind}'s values add up: value.min must be >= 0` });
    }
  });

/** The bounds and integrality every event of `definition` must keep: the kind's defaults, overridden by `value`. */
export function valueBoundsOf(definition: z.infer<typeof MetricDefinitionSchema>): ValueBounds {
  if (definition.kind === 'rating') return { min: definition.range.min, max: definition.range.max, integer: definition.value?.integer ?? false };
  const defaults = DEFAULT_VALUE_BOUNDS[definition.kind];
  return { min: definition.value?.min ?? defaults.min, max: definition.value?.max ?? defaults.max, integer: definition.value?.integer ?? defaults.integer };
}

export const PlatformDefinitionSchema = z
  .object({
    name: z.string().min(1).max(120),
    metrics: z.record(MetricNameSchema, MetricDefinitionSchema).refine((metrics) => Object.keys(metrics).length > 0, 'a platform declares at least one metric'),
  })
  .strict();

/** `catalogs/platforms.yaml`: every platform that may send usage events, and the metrics it may send. */
export const PlatformCatalogSchema = z
  .object({
    version: z.literal(1),
    platforms: z.record(PlatformIdSchema, PlatformDefinitionSchema),
  })
  .strict();

export type MetricKind = z.infer<typeof MetricDefinitionSchema>['kind'];
export type MetricDefinition = z.infer<typeof MetricDefinitionSchema>;
export type PlatformDefinition = z.infer<typeof PlatformDefinitionSchema>;
export type PlatformCatalog = z.infer<typeof PlatformCatalogSchema>;

/** Thrown when a catalog document is not valid YAML or breaks the catalog schema; names every problem. */
export class PlatformCatalogError extends Error {
  readonly code = 'PLATFORM_CATALOG_INVALID';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PlatformCatalogError';
  }
}

/** Parses the YAML text of a platform catalog (the caller reads the file). */
export function parsePlatformCatalog(yamlText: string): PlatformCatalog {
  let document: unknown;
  try {
    document = parse(yamlText);
  } catch (error) {
    throw new PlatformCatalogError(`platform catalog is not valid YAML: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const result = PlatformCatalogSchema.safeParse(document);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new PlatformCatalogError(`platform catalog is invalid:\n  ${problems.join('\n  ')}`, { cause: result.error });
  }
  return result.data;
}
