import type { AlertRuleDefined } from '@govmetrics/contracts';
import { bangkokDay } from '@govmetrics/contracts';
import type { LedgerEntry } from '../ledger';

/** A rule in force, with the governance trail of the definition that set it. */
export interface AlertRuleInForce {
  ruleId: string;
  name: string;
  severity: AlertRuleDefined['severity'];
  condition: AlertRuleDefined['condition'];
  effective: string;
  who: string;
  why: string;
  when: string;
}

type RuleEntry = LedgerEntry & { type: 'AlertRuleDefined' | 'AlertRuleRetired' };

const isRuleEntry = (entry: LedgerEntry): entry is RuleEntry => entry.type === 'AlertRuleDefined' || entry.type === 'AlertRuleRetired';

/** Known at `knownAt`: recorded (`when`) by then; no bound when absent. */
export const knownBy = (entry: LedgerEntry, knownAt: Date | undefined): boolean =>
  knownAt === undefined || Date.parse(entry.metadata.when) <= knownAt.getTime();

const effectiveOf = (entry: RuleEntry): string => entry.data.effective ?? bangkokDay(Date.parse(entry.metadata.when));

/**
 * The alert rules that held on Bangkok day `day`, as the ledger stood at `knownAt`: the same bitemporal rule as the
 * catalog's targets (catalogAsOf). Of a rule's definitions and retirements recorded by `knownAt` that took effect on or
 * before `day`, the one with the latest effective day wins, then the later recorded; a rule whose winner is a
 * retirement is not in force. Sorted by rule id.
 */
export function alertRulesAsOf(entries: readonly LedgerEntry[], options: { day: string; knownAt?: Date }): AlertRuleInForce[] {
  const winners = new Map<string, { entry: RuleEntry; effective: string }>();
  for (const entry of entries) {
    if (!isRuleEntry(entry) || !knownBy(entry, options.knownAt)) continue;
    const effective = effectiveOf(entry);
    if (effective > options.day) continue;
    const current = winners.get(entry.data.ruleId);
    // Entries come in position order: at an equal effective day the later one wins.
    if (current === undefined || effective >= current.effective) winners.set(entry.data.ruleId, { entry, effective });
  }
  return [...winners.values()]
    .flatMap(({ entry, effective }) => (entry.type === 'AlertRuleDefined' ? [inForce(entry, effective)] : []))
    .sort((a, b) => (a.ruleId < b.ruleId ? -1 : 1));
}

function inForce(entry: RuleEntry & { type: 'AlertRuleDefined' }, effective: string): AlertRuleInForce {
  const { ruleId, name, severity, condition } = entry.data;
  const { who, why, when } = entry.metadata;
  return { ruleId, name, severity, condition, effective, who, why, when };
}
