import type { AlertAcknowledged, AlertCondition, AlertRuleDefined, AlertRuleRetired, Composite, Indicator, KpiCatalog } from '@govmetrics/contracts';
import type { AlertBoard } from '../alerts/alert-board';
import type { LedgerEntry } from '../ledger';
import { LedgerError } from '../ledger.errors';
import { ledgerStreams } from '../ledger-streams';
import type { Decision } from './decision';

type AlertRuleDefinedEvent = { type: 'AlertRuleDefined'; data: AlertRuleDefined };
type AlertRuleRetiredEvent = { type: 'AlertRuleRetired'; data: AlertRuleRetired };
type AlertAcknowledgedEvent = { type: 'AlertAcknowledged'; data: AlertAcknowledged };

/** Every id a status can be read for: scorecards, composites, indicators and their measures. */
export function forecastNodeIds(catalog: KpiCatalog): Set<string> {
  const ids = new Set<string>();
  const visit = (node: Composite | Indicator): void => {
    ids.add(node.id);
    if ('children' in node) node.children.forEach(visit);
    else if ('measures' in node) node.measures.forEach((measure) => ids.add(measure.id));
  };
  catalog.scorecards.forEach(visit);
  return ids;
}

/** The catalog node a condition watches, or undefined for a condition that watches none. */
const watched = (condition: AlertCondition): { catalogId: string; id: string } | undefined => {
  switch (condition.kind) {
    case 'forecast-threshold':
      return { catalogId: condition.catalogId, id: condition.measureId };
    case 'status-change':
      return { catalogId: condition.catalogId, id: condition.nodeId };
    case 'provisional-past-deadline':
      return { catalogId: condition.catalogId, id: condition.scorecardId };
    case 'platform-silent':
      return undefined;
  }
};

/**
 * The `AlertRuleDefined` a steward's rule records, given `inForce`, the catalog the ledger holds on its effective day
 * (`undefined` when it holds none). Refused when a rule names a catalog or node it does not hold: a typo would
 * otherwise be recorded and never fire.
 */
export function decideAlertRule(rule: AlertRuleDefined, inForce: KpiCatalog | undefined): Decision<AlertRuleDefinedEvent> {
  const node = watched(rule.condition);
  if (node && (inForce?.id !== node.catalogId || !forecastNodeIds(inForce).has(node.id))) {
    const message = `rule ${rule.ruleId} watches "${node.id}" of catalog ${node.catalogId}, which the ledger does not hold on ${rule.effective ?? 'today'}`;
    return { ok: false, error: new LedgerError('ALERT_SUBJECT_NOT_IN_CATALOG', message) };
  }
  return { ok: true, stream: ledgerStreams.alertRule(rule.ruleId), event: { type: 'AlertRuleDefined', data: rule } };
}

/** An acknowledgement of `alertId`: only of an alert that is firing (a resolved one needs no one to take charge). */
export function decideAcknowledgement(alertId: string, board: AlertBoard): Decision<AlertAcknowledgedEvent> {
  const alert = board.get(alertId);
  if (alert?.state !== 'firing') {
    const message = alert === undefined ? `no alert "${alertId}" was ever fired` : `alert ${alertId} is resolved; only a firing alert is acknowledged`;
    return { ok: false, error: new LedgerError('ALERT_NOT_FIRING', message) };
  }
  return { ok: true, stream: ledgerStreams.alerts(alert.ruleId), event: { type: 'AlertAcknowledged', data: { ruleId: alert.ruleId, alertId } } };
}

/** A rule's retirement from `effective`: only of a rule the ledger defines (a typo would otherwise retire nothing). */
export function decideRetirement(retirement: AlertRuleRetired, entries: readonly LedgerEntry[]): Decision<AlertRuleRetiredEvent> {
  const defined = entries.some((entry) => entry.type === 'AlertRuleDefined' && entry.data.ruleId === retirement.ruleId);
  if (!defined) return { ok: false, error: new LedgerError('ALERT_RULE_UNKNOWN', `the ledger defines no alert rule "${retirement.ruleId}"`) };
  return { ok: true, stream: ledgerStreams.alertRule(retirement.ruleId), event: { type: 'AlertRuleRetired', data: retirement } };
}
