import type { Composite, Indicator, KpiCatalog, TargetRevised } from '@govmetrics/contracts';
import { indicatorsOf, periodName } from '@govmetrics/scoring';
import { parseLedgerCatalog, withTarget } from '../catalog-target';
import { LedgerError } from '../ledger.errors';
import { ledgerStreams } from '../ledger-streams';
import type { Decision } from './decision';

/** A steward's revision of one indicator's target (of one measure's, with `measureId`), holding from `effective`. */
export interface ReviseTarget {
  catalogId: string;
  indicatorId: string;
  measureId?: string;
  target: TargetRevised['target'];
  effective: string;
}

type TargetRevisedEvent = { type: 'TargetRevised'; data: TargetRevised };

const refuse = (code: 'INDICATOR_NOT_IN_CATALOG' | 'MEASURE_MISMATCH', message: string): Decision<TargetRevisedEvent> => ({
  ok: false,
  error: new LedgerError(code, message),
});

/**
 * The `TargetRevised` a revision records, given `inForce`, the catalog the ledger holds on the revision's effective
 * day. A multi-target indicator's event carries every measure's target, the named one replaced. Refused when the
 * indicator is not placed, the measure is missing or unknown, or the revised catalog breaks a catalog rule.
 */
export function decideTargetRevision(command: ReviseTarget, inForce: KpiCatalog): Decision<TargetRevisedEvent> {
  const { catalogId, indicatorId, measureId, effective } = command;
  const placed = indicatorsOf(inForce).find((candidate) => candidate.indicator.id === indicatorId);
  if (!placed) return refuse('INDICATOR_NOT_IN_CATALOG', `indicator "${indicatorId}" is not in catalog ${catalogId} on ${effective}`);
  const { indicator, period } = placed;
  let target = command.target;
  if ('measures' in indicator) {
    const ids = indicator.measures.map((measure) => measure.id);
    if (!measureId) return refuse('MEASURE_MISMATCH', `indicator ${indicatorId} has several targets (${ids.join(', ')}): name one with --measure`);
    if (!ids.includes(measureId)) return refuse('MEASURE_MISMATCH', `indicator ${indicatorId} has no measure "${measureId}"`);
    const current = Object.fromEntries(indicator.measures.flatMap((measure) => (measure.target === undefined ? [] : [[measure.id, measure.target]])));
    target = { ...current, [measureId]: target };
  } else if (measureId) {
    return refuse('MEASURE_MISMATCH', `indicator ${indicatorId} has one target: leave out --measure`);
  }
  // The revised catalog must still be a valid catalog, as the ledger will hold it from `effective`.
  const revised = parseLedgerCatalog(reviseIn(inForce, indicatorId, target), { catalogId, day: effective }, 'INVALID_REVISION');
  if (!revised.ok) return revised;
  const data: TargetRevised = { catalogId, indicatorId, period: periodName(period), target, effective };
  return { ok: true, stream: ledgerStreams.indicator(catalogId, indicatorId), event: { type: 'TargetRevised', data } };
}

/** `catalog` with `indicatorId` scored against `target`, unvalidated: the proposal the catalog rules then judge. */
function reviseIn(catalog: KpiCatalog, indicatorId: string, target: unknown): unknown {
  const revise = (node: Composite | Indicator): unknown =>
    'children' in node ? { ...node, children: node.children.map(revise) } : node.id === indicatorId ? withTarget(node, target) : node;
  return { ...catalog, scorecards: catalog.scorecards.map(revise) };
}
