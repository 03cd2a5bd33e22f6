import type { ExpectedRevision } from '@govmetrics/event-store';
import { WrongExpectedVersionError } from '@govmetrics/event-store';
import type { AlertTransition, CatalogForecast } from '@govmetrics/foresight';
import { evaluateFromLedger, judgeCondition } from '@govmetrics/foresight';
import type { AlertRuleInForce, Ledger, LedgerEntry } from '@govmetrics/ledger';
import { alertRulesAsOf, ledgerStreams } from '@govmetrics/ledger';
import { bangkokDay } from '@govmetrics/contracts';
import type { AlertingInstruments } from '@govmetrics/metrics';
import type { AlertingConfig } from './alerting.config';
import type { ProjectedReading } from './projection-reading';

export interface AlertEvaluatorDeps {
  ledger: Ledger;
  /** Each platform's newest event time and the projector's progress; read only once a rule was ever defined. */
  projection: () => Promise<ProjectedReading>;
  /** Forecasts of the catalogs the forecast rules in force watch, as of a Bangkok day, from the data `newestEvents` describes. */
  forecasts: (day: string, catalogIds: ReadonlySet<string>, newestEvents: ReadonlyMap<string, string>) => Promise<Map<string, CatalogForecast>>;
  clock: AlertingConfig['ALERTS_CLOCK'];
  actor: string;
  log: (line: string) => void;
  instruments?: Pick<AlertingInstruments, 'deferred' | 'evaluations'>;
  now?: () => Date;
}

const forecastCatalogs = (rules: readonly AlertRuleInForce[]): Set<string> =>
  new Set(rules.flatMap(({ condition }) => (condition.kind === 'forecast-threshold' || condition.kind === 'status-change' ? [condition.catalogId] : [])));

/** The revision a rule's `alerts:` stream was at in what was read: a concurrent evaluator's record then fails, not doubles. */
const revisionOf = (entries: readonly LedgerEntry[], stream: string): ExpectedRevision =>
  entries.filter((entry) => entry.stream === stream).at(-1)?.revision ?? 'no_stream';

/**
 * One evaluation round: reads the ledger and the inputs the rules in force need, judges them (libs/foresight's pure
 * `evaluateFromLedger`) and records each rule's transitions on its `alerts:` stream as this service.
 */
export class AlertEvaluator {
  constructor(private readonly deps: AlertEvaluatorDeps) {}

  /** One round, counted by result: a failed one is judged again next round. */
  async evaluate(): Promise<AlertTransition[]> {
    try {
      const transitions = await this.round();
      this.deps.instruments?.evaluations.inc({ result: 'ok' });
      return transitions;
    } catch (error) {
      this.deps.instruments?.evaluations.inc({ result: 'failed' });
      throw error;
    }
  }

  private async round(): Promise<AlertTransition[]> {
    const { ledger, clock } = this.deps;
    const entries = await ledger.readAll();
    const at = (this.deps.now?.() ?? new Date()).toISOString();
    // No rule was ever defined: nothing to read ClickHouse for.
    if (!entries.some((entry) => entry.type === 'AlertRuleDefined')) return [];
    const { newestEvents, projector } = await this.deps.projection();
    const newest = [...newestEvents.values()].sort().at(-1);
    const reference = clock === 'data' && newest !== undefined ? newest : at;
    const day = bangkokDay(Date.parse(reference));
    const rules = alertRulesAsOf(entries, { day });
    const catalogs = forecastCatalogs(rules);
    const forecasts = catalogs.size ? await this.deps.forecasts(day, catalogs, newestEvents) : new Map<string, CatalogForecast>();
    const inputs = { reference, forecasts, newestEvents, projector };
    this.deps.instruments?.deferred.set(rules.filter(({ condition }) => judgeCondition(condition, inputs)?.holds === null).length);
    const transitions = evaluateFromLedger(entries, inputs, at);
    await this.record(entries, transitions);
    return transitions;
  }

  private async record(entries: readonly LedgerEntry[], transitions: readonly AlertTransition[]): Promise<void> {
    for (const ruleId of new Set(transitions.map((transition) => transition.data.ruleId))) {
      const stream = ledgerStreams.alerts(ruleId);
      const events = transitions.filter((transition) => transition.data.ruleId === ruleId);
      try {
        await this.deps.ledger.record(stream, events, { who: this.deps.actor, why: `alert rule ${ruleId} evaluated` }, revisionOf(entries, stream));
        events.forEach((event) => this.deps.log(`${event.type} ${event.data.alertId}: ${event.data.summary}`));
      } catch (error) {
        // Another evaluator recorded first: the next round judges against what it recorded.
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        this.deps.log(`${stream} moved while evaluating; judged again next round`);
      }
    }
  }
}
