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

/** Every measure's id: a single-target indicator's one measure bears the indicator's id. */
function measureIds(catalog: KpiCatalog): Set<string> {
  const ids = new Set<string>();
  const visit = (node: Composite | Indicator): void => {
    if ('children' in node) node.children.forEach(visit);
    else ('measures' in node ? node.measures : [node]).forEach((measure) => ids.add(measure.id));
  };
  catalog.scorecards.forEach(visit);
  return ids;
}

/** What a condition watches in a catalog: the field naming it, and the ids that field may take there. */
interface Subject {
  catalogId: string;
  field: string;
  id: string;
  what: string;
  ids: (catalog: KpiCatalog) => ReadonlySet<string>;
}

/** A threshold judges a measure's figures, a status any node's, a deadline a scorecard's snapshot (libs/foresight's judge). */
const watched = (condition: AlertCondition): Subject | undefined => {
  switch (condition.kind) {
    case 'forecast-threshold':
      return { catalogId: condition.catalogId, field: 'measureId', id: condition.measureId, what: 'a measure', ids: measureIds };
    case 'status-change':
      return { catalogId: condition.catalogId, field: 'nodeId', id: condition.nodeId, what: 'a node', ids: forecastNodeIds };
    case 'provisional-past-deadline':
      return {
        catalogId: condition.catalogId,
        field: 'scorecardId',
        id: condition.scorecardId,
        what: 'a scorecard',
        ids: (catalog) => new Set(catalog.scorecards.map((scorecard) => scorecard.id)),
      };
    case 'platform-silent':
      return undefined;
  }
};

/** Why `subject` can never be judged against `inForce`, naming the field; undefined when it can. */
function unjudgeable(rule: AlertRuleDefined, subject: Subject, inForce: KpiCatalog | undefined): string | undefined {
  const day = rule.effective ?? 'today';
  if (inForce?.id !== subject.catalogId)
    return `$.condition.catalogId: rule ${rule.ruleId} names catalog "${subject.catalogId}", which the ledger does not hold on ${day}`;
  if (subject.ids(inForce).has(subject.id)) return undefined;
  const watches = `rule ${rule.ruleId} watches "${subject.id}"`;
  return `$.condition.${subject.field}: ${watches}, which is not ${subject.what} of catalog ${subject.catalogId} as in force on ${day}`;
}

/**
 * The `AlertRuleDefined` a steward's rule records, given `inForce`, the catalog the ledger holds on its effective day
 * (`undefined` when it holds none). Refused, naming the field, when a rule names a catalog, or a measure, node or
 * scorecard, that the catalog does not hold: such a rule would be recorded and never fire.
 */
export function decideAlertRule(rule: AlertRuleDefined, inForce: KpiCatalog | undefined): Decision<AlertRuleDefinedEvent> {
  const subject = watched(rule.condition);
  const refusal = subject && unjudgeable(rule, subject, inForce);
  if (refusal !== undefined) return { ok: false, error: new LedgerError('ALERT_SUBJECT_NOT_IN_CATALOG', refusal) };
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
