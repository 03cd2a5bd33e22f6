import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** From a change recorded to its webhook taking it: 10 ms to an hour (retries back off up to minutes; a resumed notifier sends what waited). */
const DELIVERY_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600];

/** The scoring service's alerting: rules judged, alerts firing, and their webhooks' deliveries. */
export const alertingInstruments = (registry: Registry) => ({
  firing: new Gauge({
    name: 'govmetrics_alerts_firing',
    help: 'Open alerts per rule (0 or 1), as the ledger holds them: every firing and resolution, whichever replica recorded it.',
    labelNames: ['rule'] as const,
    registers: [registry],
  }),
  evaluations: new Counter({
    name: 'govmetrics_alert_evaluations_total',
    help: 'Evaluation rounds of the alert rules, by result: ok, or failed (judged again next round).',
    labelNames: ['result'] as const,
    registers: [registry],
  }),
  deferred: new Gauge({
    name: 'govmetrics_alert_rules_deferred',
    help: 'Rules in force the last round could not judge yet: the projector is behind, or its progress unreadable.',
    registers: [registry],
  }),
  deliveries: new Counter({
    name: 'govmetrics_alert_webhook_deliveries_total',
    help: 'Webhook attempts by outcome: delivered, retried (an attempt failed and another follows), dead_lettered (the last one failed).',
    labelNames: ['subscription', 'outcome'] as const,
    registers: [registry],
  }),
  deliverySeconds: new Histogram({
    name: 'govmetrics_alert_webhook_delivery_seconds',
    help: "From an alert change's recording in the ledger to a subscription's webhook taking it, retries included.",
    labelNames: ['subscription'] as const,
    buckets: DELIVERY_BUCKETS,
    registers: [registry],
  }),
});

export type AlertingInstruments = ReturnType<typeof alertingInstruments>;
