import type { ClickHouseClient } from '@clickhouse/client';
import type { Ledger, LedgerCatalog } from '@govmetrics/ledger';
import type { AlertingInstruments } from '@govmetrics/metrics';
import type { RunningAggregateReader } from '@govmetrics/scoring';
import type { Kafka } from 'kafkajs';
import { AlertEvaluator } from './alert-evaluator';
import { alertForecasts } from './alert-forecasts';
import { AlertNotifier } from './alert-notifier';
import { Alerting } from './alerting';
import type { AlertingConfig } from './alerting.config';
import { ProjectionReading } from './projection-reading';
import { WebhookSender } from './webhook-sender';

export interface AlertingDeps {
  ledger: Ledger;
  clickhouse: ClickHouseClient;
  kafka: Kafka;
  reader: RunningAggregateReader;
  catalogOn: (day: string) => LedgerCatalog;
  actor: string;
  log: (line: string) => void;
  instruments?: AlertingInstruments;
}

/** The notifier following the ledger, then the evaluator's rounds: what the scoring service runs for alerts (docs/foresight.md). */
export async function startAlerting(config: AlertingConfig, deps: AlertingDeps): Promise<Alerting> {
  const sender = new WebhookSender({
    attempts: config.ALERT_WEBHOOK_ATTEMPTS,
    baseMs: config.ALERT_WEBHOOK_BACKOFF_MS,
    maxMs: config.ALERT_WEBHOOK_BACKOFF_MAX_MS,
    timeoutMs: config.ALERT_WEBHOOK_TIMEOUT_MS,
  });
  // A claim outlives every attempt of its notification and the backoff before each.
  const leaseMs = config.ALERT_WEBHOOK_ATTEMPTS * (config.ALERT_WEBHOOK_TIMEOUT_MS + config.ALERT_WEBHOOK_BACKOFF_MAX_MS) + 10_000;
  const { actor, log, instruments } = deps;
  const notifier = await AlertNotifier.start(deps.ledger, config.ALERT_WEBHOOKS, sender, { actor, log, leaseMs, instruments });
  const target = { groupId: config.PROJECTOR_GROUP_ID, topic: config.USAGE_EVENTS_TOPIC };
  const projection = new ProjectionReading(deps.kafka, deps.clickhouse, target, deps.log);
  const evaluator = new AlertEvaluator({
    ledger: deps.ledger,
    projection: () => projection.read(),
    forecasts: alertForecasts(deps.catalogOn, deps.reader),
    clock: config.ALERTS_CLOCK,
    actor,
    log,
    instruments,
  });
  return new Alerting(evaluator, notifier, config.ALERTS_EVALUATE_EVERY_MS, log, () => projection.close()).start();
}
