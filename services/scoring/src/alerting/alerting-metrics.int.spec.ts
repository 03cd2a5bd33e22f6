import { SqliteEventStore } from '@govmetrics/event-store-adapters';
import { Ledger, ledgerStreams } from '@govmetrics/ledger';
import type { MetricsServer } from '@govmetrics/metrics';
import { alertingInstruments, createMetricsRegistry, serveMetrics } from '@govmetrics/metrics';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlertNotifier } from './alert-notifier';
import { WebhookReceiver } from './webhook-receiver.testing';
import { WebhookSender } from './webhook-sender';

const secret = 'spec-secret-0123456789';
const rule = {
  ruleId: 'gdx-silent',
  name: 'GDX silent',
  severity: 'critical' as const,
  condition: { kind: 'platform-silent' as const, platform: 'gdx', hours: 48 },
};
const fired = { ruleId: 'gdx-silent', alertId: 'gdx-silent#1', at: '2021-04-02T00:00:00.000Z', summary: 'gdx is silent', observed: {} };
const evaluated = { who: 'scoring', why: 'evaluated' };

/** The value of the series `name` with exactly these labels (and the service's) in Prometheus' text format, whatever their order. */
const sample = (text: string, name: string, labels: Record<string, string>): number | undefined => {
  const wanted = Object.entries({ ...labels, service: 'scoring' })
    .map(([key, value]) => `${key}="${value}"`)
    .sort()
    .join(',');
  for (const line of text.split('\n')) {
    const [, series, set, value] = /^(\w+)\{(.*)\} (\S+)$/.exec(line) ?? [];
    if (series === name && set?.split(',').sort().join(',') === wanted) return Number(value);
  }
  return undefined;
};

const deliveries = (text: string, labels: Record<string, string>) => sample(text, 'govmetrics_alert_webhook_deliveries_total', labels);

async function until(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !(await check()); await new Promise((resolve) => setTimeout(resolve, 50)))
    if (Date.now() > deadline) throw new Error('timed out');
}

describe("the scoring service's alerting metrics, read from GET /metrics (a real ledger store and receivers)", () => {
  let folder: string;
  let store: SqliteEventStore;
  let server: MetricsServer;
  const open: { close(): Promise<void> }[] = [];

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'alerting-metrics-'));
    store = await SqliteEventStore.open({ filename: join(folder, 'ledger.db'), pollIntervalMs: 50 });
  });

  afterEach(async () => {
    for (const each of open.splice(0).reverse()) await each.close();
    await server?.close();
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('counts deliveries by outcome (delivered, retried, dead-lettered), times them from the recording, and shows the rule firing then resolved', async () => {
    // Given the scoring service's registry served on a port, and a notifier instrumented with it
    const registry = createMetricsRegistry('scoring');
    server = await serveMetrics(registry, { host: '127.0.0.1', port: 0 });
    const scrape = async () => (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
    const ledger = new Ledger(store);
    await ledger.record(ledgerStreams.alertRule(rule.ruleId), { type: 'AlertRuleDefined', data: rule }, { who: 'steward', why: 'GDX feeds A1' }, 'no_stream');
    const [flaky, gone] = [await WebhookReceiver.start([503, 503, 204]), await WebhookReceiver.start([410])];
    open.push(flaky, gone);
    const subscriptions = [
      { id: 'chat', url: flaky.url, secret },
      { id: 'old-pager', url: gone.url, secret },
    ];
    const sender = new WebhookSender({ attempts: 4, baseMs: 10, maxMs: 20, timeoutMs: 2_000 });
    const options = { actor: 'spec', log: () => undefined, leaseMs: 30_000, pollMs: 50, instruments: alertingInstruments(registry) };
    open.push(await AlertNotifier.start(ledger, subscriptions, sender, options));
    expect(sample(await scrape(), 'govmetrics_alerts_firing', { rule: 'gdx-silent' })).toBe(0);

    // When the rule fires
    await ledger.record(ledgerStreams.alerts(rule.ruleId), { type: 'AlertFired', data: fired }, evaluated, 'no_stream');

    // Then chat takes it on the third attempt and old-pager's refusal is dead-lettered at once
    const deadLettered = { subscription: 'old-pager', outcome: 'dead_lettered' };
    const delivered = { subscription: 'chat', outcome: 'delivered' };
    await until(async () => {
      const text = await scrape();
      return deliveries(text, deadLettered) === 1 && deliveries(text, delivered) === 1;
    });
    const text = await scrape();
    expect(deliveries(text, { subscription: 'chat', outcome: 'retried' })).toBe(2);
    expect(deliveries(text, { subscription: 'old-pager', outcome: 'retried' })).toBeUndefined();
    expect(sample(text, 'govmetrics_alert_webhook_delivery_seconds_count', { subscription: 'chat' })).toBe(1);
    const seconds = sample(text, 'govmetrics_alert_webhook_delivery_seconds_sum', { subscription: 'chat' })!;
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThan(10);
    expect(sample(text, 'govmetrics_alerts_firing', { rule: 'gdx-silent' })).toBe(1);

    // And once it resolves, the rule shows no open alert
    const resolved = { ruleId: 'gdx-silent', alertId: 'gdx-silent#1', at: fired.at, summary: 'gdx sends again' };
    await ledger.record(ledgerStreams.alerts(rule.ruleId), { type: 'AlertResolved', data: resolved }, evaluated, 0n);
    await until(async () => sample(await scrape(), 'govmetrics_alerts_firing', { rule: 'gdx-silent' }) === 0);
  });
});
