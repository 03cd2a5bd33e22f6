import {
  alertingInstruments,
  createMetricsRegistry,
  httpMetricsHook,
  ingestInstruments,
  kafkaInstruments,
  ledgerInstruments,
  openStreamsGauge,
  projectorInstruments,
  scoringInstruments,
} from '@govmetrics/metrics';
import { execFileSync, spawnSync } from 'node:child_process';
import { Histogram } from 'prom-client';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const MONITORING = resolve(ROOT, 'infra/monitoring');

const promtool = (...args: string[]) => spawnSync('promtool', args, { cwd: MONITORING, encoding: 'utf8' });

/** A registry holding every instrument any govmetrics service registers, besides Node's defaults. */
function everyInstrument() {
  const registry = createMetricsRegistry('any');
  kafkaInstruments(registry);
  ingestInstruments(registry);
  projectorInstruments(registry);
  scoringInstruments(registry);
  alertingInstruments(registry);
  ledgerInstruments(registry);
  openStreamsGauge(registry, () => 0);
  httpMetricsHook(registry);
  return registry.getMetricsAsArray();
}

/** Every series name a govmetrics service can export, histograms with their _bucket/_sum/_count. */
const exportedNames = () =>
  new Set(everyInstrument().flatMap((metric) => (metric instanceof Histogram ? ['_bucket', '_sum', '_count'].map((end) => metric.name + end) : [metric.name])));

const namesUsedIn = (file: string) => new Set(readFileSync(resolve(MONITORING, file), 'utf8').match(/govmetrics_[a-z0-9_]+/g));

describe('the shipped monitoring (infra/monitoring)', () => {
  beforeAll(() => {
    // promtool comes with Debian's prometheus package, which the script installs where it is missing.
    execFileSync('bash', [resolve(ROOT, 'infra/local/prometheus.sh'), 'install'], { stdio: 'inherit' });
  }, 600_000);

  it('passes promtool check config, with its alert rules', () => {
    const check = promtool('check', 'config', 'prometheus.yml');
    expect(check.stdout + check.stderr).toMatch(/SUCCESS: 1 rule files found/);
    expect(check.status).toBe(0);
  });

  it('passes promtool check rules', () => {
    const check = promtool('check', 'rules', 'alerts.yml');
    expect(check.stdout + check.stderr).toMatch(/SUCCESS: 10 rules found/);
    expect(check.status).toBe(0);
  });

  it("fires each alert on the series it is about, and not on quiet platforms' ageing data (promtool test rules)", () => {
    const test = promtool('test', 'rules', 'alerts.test.yml');
    expect(test.stdout + test.stderr).toMatch(/SUCCESS/);
    expect(test.status).toBe(0);
  });

  it('queries in the alerts and the dashboard only series the services export', () => {
    const exported = exportedNames();
    for (const file of ['alerts.yml', 'alerts.test.yml', 'grafana-dashboard.json']) {
      const unknown = [...namesUsedIn(file)].filter((name) => !exported.has(name));
      expect({ file, unknown }).toEqual({ file, unknown: [] });
    }
  });

  it('documents every govmetrics metric and every alert in docs/operations.md', () => {
    const docs = readFileSync(resolve(ROOT, 'docs/operations.md'), 'utf8');
    const nodeDefaults = new Set(
      createMetricsRegistry('any')
        .getMetricsAsArray()
        .map(({ name }) => name),
    );
    const undocumented = everyInstrument()
      .map(({ name }) => name)
      .filter((name) => !nodeDefaults.has(name) && !docs.includes(`\`${name}\``));
    expect(undocumented).toEqual([]);
    const alerts = [...readFileSync(resolve(MONITORING, 'alerts.yml'), 'utf8').matchAll(/alert: (\w+)/g)].map(([, name]) => name as string);
    expect(alerts).toHaveLength(10);
    expect(alerts.filter((name) => !docs.includes(`### ${name}`))).toEqual([]);
  });
});
