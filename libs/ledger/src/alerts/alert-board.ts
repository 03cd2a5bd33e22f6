import type { AlertRuleDefined, AlertView } from '@govmetrics/contracts';
import type { LedgerEntry } from '../ledger';

/** What one ledger entry did to an alert: the change's kind and the alert as it stands after it. */
export interface AlertChange {
  change: 'fired' | 'resolved' | 'acknowledged';
  alert: AlertView;
}

/** A rule's firing record, as the evaluator needs it: its open alert, and how many times it fired (the next alert's number). */
export interface RuleHistory {
  open: string | null;
  fired: number;
}

type RuleLabel = Pick<AlertRuleDefined, 'name' | 'severity'>;

/**
 * Every alert as the ledger's entries make it, folded one entry at a time (in position order): the one reading the
 * gateway's answer, its live stream, the console and the webhooks all share. Entries of other kinds are ignored.
 */
export class AlertBoard {
  private readonly labels = new Map<string, RuleLabel>();
  private readonly alerts = new Map<string, AlertView>();
  private readonly histories = new Map<string, RuleHistory>();

  static of(entries: readonly LedgerEntry[]): AlertBoard {
    const board = new AlertBoard();
    entries.forEach((entry) => board.apply(entry));
    return board;
  }

  /** Folds `entry` in; the alert it changed, if it changed one. */
  apply(entry: LedgerEntry): AlertChange | undefined {
    const position = String(entry.position);
    switch (entry.type) {
      case 'AlertRuleDefined':
        this.labels.set(entry.data.ruleId, { name: entry.data.name, severity: entry.data.severity });
        return undefined;
      case 'AlertFired': {
        const { ruleId, alertId, summary, observed, at } = entry.data;
        const label = this.labels.get(ruleId) ?? { name: ruleId, severity: 'warning' };
        const alert: AlertView = {
          alertId,
          ruleId,
          ruleName: label.name,
          severity: label.severity,
          state: 'firing',
          summary,
          observed,
          firedAt: at,
          resolvedAt: null,
          acknowledged: null,
          position,
        };
        const history = this.historyOf(ruleId);
        this.histories.set(ruleId, { open: alertId, fired: history.fired + 1 });
        return this.put('fired', alert);
      }
      case 'AlertResolved': {
        const { ruleId, alertId, summary, at } = entry.data;
        const history = this.historyOf(ruleId);
        if (history.open === alertId) this.histories.set(ruleId, { ...history, open: null });
        return this.update('resolved', alertId, { state: 'resolved', summary, resolvedAt: at, position });
      }
      case 'AlertAcknowledged': {
        const { who, why, when } = entry.metadata;
        return this.update('acknowledged', entry.data.alertId, { acknowledged: { who, why, when }, position });
      }
      case 'AlertRuleRetired':
      case 'NotificationDeadLettered':
      case 'NotificationClaimed':
      case 'NotificationDelivered':
      case 'CatalogDefined':
      case 'KpiDefined':
      case 'TargetRevised':
      case 'ValueAttested':
      case 'ScoreSnapshotRecorded':
        return undefined;
    }
  }

  /** Every alert: firing first, then the newest change first. */
  list(): AlertView[] {
    return [...this.alerts.values()].sort((a, b) => (a.state !== b.state ? (a.state === 'firing' ? -1 : 1) : Number(BigInt(b.position) - BigInt(a.position))));
  }

  get(alertId: string): AlertView | undefined {
    return this.alerts.get(alertId);
  }

  historyOf(ruleId: string): RuleHistory {
    return this.histories.get(ruleId) ?? { open: null, fired: 0 };
  }

  private put(change: AlertChange['change'], alert: AlertView): AlertChange {
    this.alerts.set(alert.alertId, alert);
    return { change, alert };
  }

  private update(change: AlertChange['change'], alertId: string, patch: Partial<AlertView>): AlertChange | undefined {
    const current = this.alerts.get(alertId);
    return current === undefined ? undefined : this.put(change, { ...current, ...patch });
  }
}
