import type { KpiCatalog } from '@govmetrics/contracts';
import { KpiCatalogSchema } from '@govmetrics/contracts';
import { LedgerError } from './ledger.errors';

type Json = unknown;
/** A catalog node as JSON: an indicator (with `measures` when it has several targets) or a composite. */
export type CatalogNode = Record<string, Json> & { children?: CatalogNode[]; measures?: CatalogNode[] };

/**
 * `indicator` scored against `target`: one number or structure, or, for a multi-target indicator, a map of measure
 * id to target (a measure the map does not name keeps what it has). The one rule a recorded and a proposed
 * `TargetRevised` both follow.
 */
export function withTarget(indicator: CatalogNode, target: Json): CatalogNode {
  if (!indicator.measures) return { ...indicator, target };
  const targets = (target ?? {}) as Record<string, Json>;
  return {
    ...indicator,
    measures: indicator.measures.map((measure) =>
      targets[String(measure['id'])] === undefined ? measure : { ...measure, target: targets[String(measure['id'])] },
    ),
  };
}

/** `candidate` as a valid catalog, or an error naming every field the catalog rules reject. */
export function parseLedgerCatalog(
  candidate: Json,
  where: { catalogId: string; day: string },
  code: 'INVALID_CATALOG_IN_LEDGER' | 'INVALID_REVISION',
): { ok: true; catalog: KpiCatalog } | { ok: false; error: LedgerError } {
  const parsed = KpiCatalogSchema.safeParse(candidate);
  if (parsed.success) return { ok: true, catalog: parsed.data };
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
  return { ok: false, error: new LedgerError(code, `catalog "${where.catalogId}" as the ledger holds it on ${where.day} is not a valid catalog: ${problems}`) };
}
