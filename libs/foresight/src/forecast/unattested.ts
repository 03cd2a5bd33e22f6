import type { Attestation, Composite, Indicator, KpiCatalog } from '@govmetrics/contracts';

type Measure = Extract<Indicator, { measures: unknown }>['measures'][number] | Extract<Indicator, { actual: unknown }>;

/** The catalog a forecast scores, and the attested measures left out of it because nothing was attested yet. */
export interface KnownCatalog {
  catalog: KpiCatalog;
  /** Measure ids (and the ids of indicators and composites left empty), in catalog order. */
  unknown: string[];
}

const isKnown = (measure: Measure, attested: ReadonlySet<string>): boolean => !('attested' in measure.actual) || attested.has(measure.actual.attested.id);

/** The indicator with only its known measures; undefined when none is known. */
function knownIndicator(indicator: Indicator, attested: ReadonlySet<string>, unknown: string[]): Indicator | undefined {
  if (!('measures' in indicator)) {
    if (isKnown(indicator, attested)) return indicator;
    unknown.push(indicator.id);
    return undefined;
  }
  const measures = indicator.measures.filter((measure) => isKnown(measure, attested));
  if (measures.length === indicator.measures.length) return indicator;
  unknown.push(...indicator.measures.filter((measure) => !measures.includes(measure)).map((measure) => measure.id));
  if (measures.length > 0) return { ...indicator, measures };
  unknown.push(indicator.id);
  return undefined;
}

function knownNode(node: Composite | Indicator, attested: ReadonlySet<string>, unknown: string[]): Composite | Indicator | undefined {
  if (!('children' in node)) return knownIndicator(node, attested, unknown);
  const children = node.children.flatMap((child) => knownNode(child, attested, unknown) ?? []);
  if (children.length === 0) {
    unknown.push(node.id);
    return undefined;
  }
  return children.length === node.children.length && children.every((child, i) => child === node.children[i]) ? node : { ...node, children };
}

/**
 * The catalog without the attested measures that have no value in effect on `asOf` (a survey recorded at the year's
 * end): such a value is unknown, not 0, so it is left out of every forecast score and status instead of dragging
 * them down; composites then aggregate their known children (a weighted mean re-weighs over them).
 */
export function withoutUnattested(catalog: KpiCatalog, attestations: readonly Attestation[], asOf: string): KnownCatalog {
  const attested = new Set(attestations.filter((attestation) => attestation.effective <= asOf).map((attestation) => attestation.id));
  const unknown: string[] = [];
  const scorecards = catalog.scorecards.flatMap((scorecard) => (knownNode(scorecard, attested, unknown) as Composite | undefined) ?? []);
  return { catalog: unknown.length === 0 ? catalog : { ...catalog, scorecards }, unknown };
}
