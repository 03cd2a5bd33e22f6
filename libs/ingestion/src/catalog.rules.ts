import type { MetricDefinition, PlatformCatalog, PlatformDefinition, Rejection, UsageEvent } from '@govmetrics/contracts';
import { valueBoundsOf } from '@govmetrics/contracts';
import { quoted } from './rejection-caps';

export const CATALOG_RULES = {
  unknownPlatform: 'unknown_platform',
  undeclaredMetric: 'undeclared_metric',
  undeclaredDimension: 'undeclared_dimension',
  negativeCounter: 'counter_negative',
  entityRequired: 'distinct_entity_required',
  ratingOutOfRange: 'rating_out_of_range',
  valueOutOfRange: 'value_out_of_range',
  valueNotInteger: 'value_not_integer',
} as const;

const VALUE_PATH = '$.data.value';

/** A member of a parsed catalog by its own key only: `"constructor"` must not find Object's. */
const own = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined => (Object.hasOwn(record, key) ? record[key] : undefined);

/** The rules the platform catalog and the metric's kind impose on an event that already fits the contract. */
export function checkAgainstCatalog(event: UsageEvent, catalog: PlatformCatalog): Rejection[] {
  const { platform, metric, dimensions } = event.data;
  const declared: PlatformDefinition | undefined = own(catalog.platforms, platform);
  if (!declared)
    return [{ path: '$.data.platform', rule: CATALOG_RULES.unknownPlatform, message: `platform ${quoted(platform)} is not in the platform catalog` }];
  const definition: MetricDefinition | undefined = own(declared.metrics, metric);
  if (!definition) {
    return [
      {
        path: '$.data.metric',
        rule: CATALOG_RULES.undeclaredMetric,
        message: `platform "${platform}" declares no metric ${quoted(metric)}; declared: ${Object.keys(declared.metrics).join(', ')}`,
      },
    ];
  }
  const rejections: Rejection[] = Object.keys(dimensions ?? {})
    .filter((name) => !definition.dimensions.includes(name))
    .map((name) => ({
      path: `$.data.dimensions.${name}`,
      rule: CATALOG_RULES.undeclaredDimension,
      message: `${platform}.${metric} declares ${definition.dimensions.length ? `dimensions ${definition.dimensions.join(', ')}` : 'no dimensions'}`,
    }));
  const byKind = checkKind(event, definition);
  const valueRefused = byKind.some((rejection) => rejection.path === VALUE_PATH);
  return [...rejections, ...byKind, ...checkValue(event.data.value, metric, definition, valueRefused)];
}

/** The kind's own rules, under the codes they were published with. */
function checkKind({ data }: UsageEvent, definition: MetricDefinition): Rejection[] {
  switch (definition.kind) {
    case 'counter':
      return data.value < 0 ? [{ path: VALUE_PATH, rule: CATALOG_RULES.negativeCounter, message: `${data.metric} is a counter: value must be >= 0` }] : [];
    case 'distinct':
      return data.entity === undefined
        ? [
            {
              path: '$.data.entity',
              rule: CATALOG_RULES.entityRequired,
              message: `${data.metric} is a distinct count: the event must name its pseudonymous entity`,
            },
          ]
        : [];
    case 'rating': {
      const { min, max } = definition.range;
      return data.value < min || data.value > max
        ? [{ path: VALUE_PATH, rule: CATALOG_RULES.ratingOutOfRange, message: `${data.metric} is a rating within [${min}, ${max}]` }]
        : [];
    }
    case 'gauge':
      return [];
  }
}

/** The metric's declared bounds (past what the kind's rule already refused) and integrality: what keeps every sum finite and exact. */
function checkValue(value: number, metric: string, definition: MetricDefinition, refusedByKind: boolean): Rejection[] {
  const { min, max, integer } = valueBoundsOf(definition);
  const rejections: Rejection[] = [];
  if (!refusedByKind && (value < min || value > max)) {
    rejections.push({
      path: VALUE_PATH,
      rule: CATALOG_RULES.valueOutOfRange,
      message: `${metric} takes values within [${min}, ${max}] per event; got ${value}`,
    });
  }
  if (integer && !Number.isInteger(value)) {
    rejections.push({
      path: VALUE_PATH,
      rule: CATALOG_RULES.valueNotInteger,
      message: `${metric} counts whole ${definition.unit}: value must be an integer; got ${value}`,
    });
  }
  return rejections;
}
