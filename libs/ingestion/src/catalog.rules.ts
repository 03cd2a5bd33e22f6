import type { PlatformCatalog, Rejection, UsageEvent } from '@govmetrics/contracts';

export const CATALOG_RULES = {
  unknownPlatform: 'unknown_platform',
  undeclaredMetric: 'undeclared_metric',
  undeclaredDimension: 'undeclared_dimension',
  negativeCounter: 'counter_negative',
  entityRequired: 'distinct_entity_required',
  ratingOutOfRange: 'rating_out_of_range',
} as const;

/** The rules the platform catalog and the metric's kind impose on an event that already fits the contract. */
export function checkAgainstCatalog(event: UsageEvent, catalog: PlatformCatalog): Rejection[] {
  const { platform, metric, value, entity, dimensions } = event.data;
  const declared = catalog.platforms[platform];
  if (!declared) return [{ path: '$.data.platform', rule: CATALOG_RULES.unknownPlatform, message: `platform "${platform}" is not in the platform catalog` }];
  const definition = declared.metrics[metric];
  if (!definition) {
    return [{ path: '$.data.metric', rule: CATALOG_RULES.undeclaredMetric, message: `platform "${platform}" declares no metric "${metric}"; declared: ${Object.keys(declared.metrics).join(', ')}` }];
  }
  const rejections: Rejection[] = Object.keys(dimensions ?? {})
    .filter((name) => !definition.dimensions.includes(name))
    .map((name) => ({
      path: `$.data.dimensions.${name}`,
      rule: CATALOG_RULES.undeclaredDimension,
      message: `${platform}.${metric} declares ${definition.dimensions.length ? `dimensions ${definition.dimensions.join(', ')}` : 'no dimensions'}`,
    }));
  switch (definition.kind) {
    case 'counter':
      if (value < 0) rejections.push({ path: '$.data.value', rule: CATALOG_RULES.negativeCounter, message: `${metric} is a counter: value must be >= 0` });
      break;
    case 'distinct':
      if (entity === undefined) rejections.push({ path: '$.data.entity', rule: CATALOG_RULES.entityRequired, message: `${metric} is a distinct count: the event must name its pseudonymous entity` });
      break;
    case 'rating':
      if (value < definition.range.min || value > definition.range.max) {
        rejections.push({ path: '$.data.value', rule: CATALOG_RULES.ratingOutOfRange, message: `${metric} is a rating within [${definition.range.min}, ${definition.range.max}]` });
      }
      break;
    case 'gauge':
      break;
  }
  return rejections;
}
