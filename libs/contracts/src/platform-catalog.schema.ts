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

/**
 * One declared metric. The kind says how events combine: counter = add (value >= 0), gauge = latest value
 * wins, distinct = count each pseudonymous `entity` once, rating = average of values within `range`.
 */
export const MetricDefinitionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('counter'), ...metricBase }).strict(),
  z.object({ kind: z.literal('gauge'), ...metricBase }).strict(),
  z.object({ kind: z.literal('distinct'), ...metricBase }).strict(),
  z
    .object({
      kind: z.literal('rating'),
      ...metricBase,
      range: z
        .object({ min: z.number().finite(), max: z.number().finite() })
        .strict()
        .refine((range) => range.min < range.max, 'range.min must be below range.max'),
    })
    .strict(),
]);

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
