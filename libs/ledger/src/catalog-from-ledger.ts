import type { Attestation, CatalogVersion, KpiCatalog, KpiPeriod } from '@govmetrics/contracts';
import { KpiPeriodSchema } from '@govmetrics/contracts';
import { periodName } from '@govmetrics/scoring';
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import type { CatalogAsOf, InForce } from './catalog-as-of';
import { indicatorKey, periodKey } from './catalog-as-of';
import type { CatalogNode } from './catalog-target';
import { parseLedgerCatalog, withTarget } from './catalog-target';
import { LedgerError } from './ledger.errors';

type Json = unknown;
type Node = CatalogNode & { ref?: string; period?: Json };

/** Declared once, by the contract the auditor's answers carry it in. */
export type { CatalogVersion };

export interface LedgerCatalog {
  catalog: KpiCatalog;
  attestations: Attestation[];
  version: CatalogVersion;
}

/**
 * Rebuilds the KPI catalog and attested values a ledger view holds for one catalog: its frame with every `{ref}`
 * replaced by the indicator's definition in force and its target for the indicator's period. The result is validated
 * as a catalog, so a revision the ledger accepted but the catalog rules reject fails here, naming the field.
 */
export function catalogFromLedger(view: CatalogAsOf, catalogId: string): LedgerCatalog {
  const frame = view.catalogs[catalogId];
  if (!frame) {
    const known = Object.keys(view.catalogs);
    throw new LedgerError(
      'CATALOG_NOT_IN_LEDGER',
      `the ledger holds no catalog "${catalogId}" in force on ${view.day}${known.length ? ` (it holds ${known.join(', ')})` : ''}` +
        `: import it first (catalog-import)`,
    );
  }
  const used: InForce<unknown>[] = [frame];
  const definition = frame.value.definition as { period: Json; scorecards: Node[] };
  const parsePeriod = (period: Json): KpiPeriod => KpiPeriodSchema.parse(period);

  const resolve = (node: Node, inherited: KpiPeriod): Node => {
    if (node.children) {
      const period = node.period === undefined ? inherited : parsePeriod(node.period);
      return { ...node, children: node.children.map((child) => resolve(child, period)) };
    }
    const id = String(node.ref);
    const defined = view.definitions[indicatorKey(catalogId, id)];
    if (!defined)
      throw new LedgerError(
        'CATALOG_NOT_IN_LEDGER',
        `catalog "${catalogId}" places indicator "${id}", but the ledger holds no definition of it in force on ${view.day}`,
      );
    used.push(defined);
    const indicator = { ...defined.value.definition, id, name: defined.value.name } as Node;
    const period = indicator.period === undefined ? inherited : parsePeriod(indicator.period);
    const target = view.targets[periodKey(catalogId, id, periodName(period))];
    if (!target) return indicator;
    used.push(target);
    return withTarget(indicator, target.value.target);
  };

  const period = parsePeriod(definition.period);
  const candidate = { version: 1, id: catalogId, name: frame.value.name, period, scorecards: definition.scorecards.map((node) => resolve(node, period)) };
  const parsed = parseLedgerCatalog(candidate, { catalogId, day: view.day }, 'INVALID_CATALOG_IN_LEDGER');
  if (!parsed.ok) throw parsed.error;

  const attested = Object.values(view.attestations).filter((fact) => fact.value.catalogId === catalogId);
  used.push(...attested);
  const attestations = attested
    .sort((a, b) => (a.effective < b.effective ? -1 : a.effective > b.effective ? 1 : 0))
    .map((fact): Attestation => ({
      id: fact.value.indicatorId,
      value: fact.value.value,
      effective: fact.effective,
      by: fact.who,
      why: fact.why,
      evidence: fact.value.evidence.reference,
    }));

  const last = used.reduce((a, b) => (b.position > a.position ? b : a));
  return {
    catalog: parsed.catalog,
    attestations,
    version: {
      catalogId,
      day: view.day,
      knownAt: view.knownAt,
      lastChange: { stream: last.stream, revision: String(last.revision), position: String(last.position), when: last.when, who: last.who, why: last.why },
      digest: createHash('sha256')
        .update(canonicalJson({ catalog: parsed.catalog, attestations }))
        .digest('hex'),
      events: used.length,
    },
  };
}
