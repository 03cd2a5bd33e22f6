import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { SECONDS_BUCKETS } from './buckets';

/** The scoring service's instruments. */
export function scoringInstruments(registry: Registry) {
  const lastRecompute = new Gauge({
    name: 'govmetrics_scoring_last_recompute_timestamp_seconds',
    help: 'When (Unix seconds) the last batch of announcements was scored; the process start until the first.',
    registers: [registry],
  });
  // From the start, not 0: announcements handled before a restart are not delivered again, and 0 would read as stale.
  lastRecompute.setToCurrentTime();
  return { lastRecompute, ...scoringCounters(registry) };
}

const scoringCounters = (registry: Registry) => ({
  recomputeSeconds: new Histogram({
    name: 'govmetrics_scoring_recompute_duration_seconds',
    help: "Handling one partition's batch of aggregate announcements: re-reading what moved, rescoring, recording and publishing.",
    buckets: SECONDS_BUCKETS,
    registers: [registry],
  }),
  snapshots: new Counter({
    name: 'govmetrics_scoring_snapshots_total',
    help: 'Score snapshots published to the attainment topic (each recorded in the ledger first).',
    registers: [registry],
  }),
});

/** The governance ledger's instruments, wherever a service appends to it. */
export const ledgerInstruments = (registry: Registry) => ({
  appendSeconds: new Histogram({
    name: 'govmetrics_ledger_append_duration_seconds',
    help: 'One append to the governance ledger, hash chain included, until the store acknowledged it.',
    buckets: SECONDS_BUCKETS,
    registers: [registry],
  }),
  verifications: new Counter({
    name: 'govmetrics_ledger_verifications_total',
    help: "Ledger verifications answered (GET /v1/ledger/verify), by result: ok, or broken (a chain's link or a signed head does not hold).",
    labelNames: ['result'] as const,
    registers: [registry],
  }),
});

export type LedgerInstruments = ReturnType<typeof ledgerInstruments>;
