import type { Composite, Indicator, KpiCatalog } from '@govmetrics/contracts';

interface MeasureSource {
  id: string;
  attested: boolean;
}

const measuresIn = (indicator: Indicator): MeasureSource[] =>
  ('measures' in indicator ? indicator.measures : [indicator]).map((measure) => ({ id: measure.id, attested: 'attested' in measure.actual }));

const walk = (node: Composite | Indicator): MeasureSource[] => ('children' in node ? node.children.flatMap(walk) : measuresIn(node));

/** Every measure of the catalog's scorecards and whether its actual is attested rather than read from events. */
export const catalogMeasures = (catalog: KpiCatalog): MeasureSource[] => catalog.scorecards.flatMap(walk);

export const attestedMeasureIds = (catalog: KpiCatalog): Set<string> =>
  new Set(catalogMeasures(catalog).flatMap((measure) => (measure.attested ? [measure.id] : [])));
