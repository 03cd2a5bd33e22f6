import type { AlertFired, AlertResolved } from '@govmetrics/contracts';
import { bangkokDay } from '@govmetrics/contracts';
import type { AlertRuleInForce, LedgerEntry, RuleHistory } from '@govmetrics/ledger';
import { AlertBoard, alertRulesAsOf, knownBy } from '@govmetrics/ledger';
import type { AlertInputs } from './alert-inputs';
import { judgeCondition } from './judge-condition';

/** A firing or a resolution to record on the rule's `alerts:` stream. */
export type AlertTransition = { type: 'AlertFired'; data: AlertFired } | { type: 'AlertResolved'; data: AlertResolved };

/**
 * The transitions of judging `rules` on `inputs` at instant `at`, given each rule's firing record: a rule whose
 * condition holds and has no open alert fires its next one (`<ruleId>#<n>`); an open alert whose condition no longer
 * holds, or whose rule is no longer in force, resolves. A condition the inputs cannot judge, or not yet (deferred),
 * changes nothing. Pure: the same rules, inputs and histories give the same transitions.
 */
export function evaluateAlerts(
  rules: readonly AlertRuleInForce[],
  inputs: AlertInputs,
  histories: ReadonlyMap<string, RuleHistory>,
  at: string,
): AlertTransition[] {
  const history = (ruleId: string): RuleHistory => histories.get(ruleId) ?? { open: null, fired: 0 };
  const transitions: AlertTransition[] = [];
  for (const rule of rules) {
    const judgement = judgeCondition(rule.condition, inputs);
    const { open, fired } = history(rule.ruleId);
    if (judgement === undefined || judgement.holds === null || judgement.holds === (open !== null)) continue;
    const { summary, observed } = judgement;
    transitions.push(
      open === null
        ? { type: 'AlertFired', data: { ruleId: rule.ruleId, alertId: `${rule.ruleId}#${fired + 1}`, at, summary, observed } }
        : { type: 'AlertResolved', data: { ruleId: rule.ruleId, alertId: open, at, summary } },
    );
  }
  const inForce = new Set(rules.map((rule) => rule.ruleId));
  for (const [ruleId, { open }] of [...histories].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (open !== null && !inForce.has(ruleId))
      transitions.push({ type: 'AlertResolved', data: { ruleId, alertId: open, at, summary: `rule ${ruleId} is no longer in force` } });
  }
  return transitions;
}

/**
 * One evaluation from the ledger alone: the rules in force on the reference's Bangkok day, every rule's firing record
 * and each scorecard's newest snapshot, all as the ledger stood at `at`, judged on `inputs`. Replaying a recorded evaluation (its `at` and the
 * inputs it read) from the ledger gives back exactly the transitions it recorded.
 */
export function evaluateFromLedger(entries: readonly LedgerEntry[], inputs: AlertInputs, at: string): AlertTransition[] {
  const knownAt = new Date(at);
  const known = entries.filter((entry) => knownBy(entry, knownAt));
  const rules = alertRulesAsOf(known, { day: bangkokDay(Date.parse(inputs.reference)) });
  const board = AlertBoard.of(known);
  const snapshots = new Map(
    known.flatMap((entry) =>
      entry.type === 'ScoreSnapshotRecorded'
        ? [[`${entry.data.catalogId}/${entry.data.scorecardId}`, { asOf: entry.data.asOf, provisional: entry.data.provisional === true }] as const]
        : [],
    ),
  );
  const histories = new Map(
    [...new Set(known.flatMap((entry) => (entry.type === 'AlertFired' ? [entry.data.ruleId] : [])))].map((id) => [id, board.historyOf(id)]),
  );
  return evaluateAlerts(rules, { ...inputs, snapshots }, histories, at);
}
