import { eventually, freePort, requestJson } from '@govmetrics/devkit';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';

const PROMETHEUS_SCRIPT = resolve(__dirname, '../../../infra/local/prometheus.sh');
const SHIPPED_ALERTS = resolve(__dirname, '../../../infra/monitoring/alerts.yml');

export interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

/** An alert Prometheus holds (`/api/v1/alerts`): pending while its `for` runs, then firing; gone once resolved. */
export interface ActiveAlert {
  labels: Record<string, string>;
  state: 'pending' | 'firing';
  activeAt: string;
  value: string;
}

interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/**
 * The shipped alert rule `name` of infra/monitoring/alerts.yml for a test's Prometheus: its expression, labels and
 * annotations read from the file, only its `for` shortened to `holdFor` so that a test need not wait minutes.
 */
export function shippedAlertRule(name: string, holdFor: string): AlertRule {
  const shipped = parse(readFileSync(SHIPPED_ALERTS, 'utf8')) as { groups: { rules: AlertRule[] }[] };
  const rule = shipped.groups.flatMap(({ rules }) => rules).find(({ alert }) => alert === name);
  if (!rule) throw new Error(`no alert ${name} in ${SHIPPED_ALERTS}`);
  return { ...rule, for: holdFor };
}

/**
 * A Prometheus of the test's own (Debian's package, through infra/local/prometheus.sh) scraping the given `/metrics`
 * URLs every second, one job each, and evaluating `rules` every second.
 */
export class TestPrometheus {
  private constructor(
    private readonly env: Record<string, string>,
    readonly url: string,
    private readonly dir: string,
  ) {}

  static async start(targets: Record<string, string>, rules: AlertRule[] = []): Promise<TestPrometheus> {
    const dir = mkdtempSync(join(tmpdir(), 'govmetrics-prometheus-'));
    const scrapeConfigs = Object.entries(targets).map(([job, metricsUrl]) => ({ job_name: job, static_configs: [{ targets: [new URL(metricsUrl).host] }] }));
    const config = {
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      ...(rules.length > 0 ? { rule_files: [join(dir, 'rules.yml')] } : {}),
      scrape_configs: scrapeConfigs,
    };
    if (rules.length > 0) writeFileSync(join(dir, 'rules.yml'), stringify({ groups: [{ name: 'test', rules }] }));
    writeFileSync(join(dir, 'prometheus.yml'), stringify(config));
    const port = await freePort();
    const env = { PROMETHEUS_PORT: String(port), PROMETHEUS_CONFIG: join(dir, 'prometheus.yml'), PROMETHEUS_DATA: join(dir, 'data') };
    const prometheus = new TestPrometheus(env, `http://127.0.0.1:${port}`, dir);
    try {
      prometheus.script('start');
    } catch (error) {
      prometheus.stop();
      throw error;
    }
    return prometheus;
  }

  /** An instant query's samples. */
  async query(promql: string): Promise<Sample[]> {
    return this.api<{ result: Sample[] }>(`query?query=${encodeURIComponent(promql)}`, promql).then(({ result }) => result);
  }

  /** Polls `promql` until `done` accepts its samples; returns the last samples seen. */
  eventually(promql: string, done: (samples: Sample[]) => boolean, timeoutMs = 60_000): Promise<Sample[]> {
    return eventually(() => this.query(promql), done, timeoutMs);
  }

  /** The alerts pending or firing now. */
  async alerts(): Promise<ActiveAlert[]> {
    return this.api<{ alerts: ActiveAlert[] }>('alerts', 'alerts').then(({ alerts }) => alerts);
  }

  /** Polls the active alerts until `done` accepts them; returns the last seen. */
  eventuallyAlerts(done: (alerts: ActiveAlert[]) => boolean, timeoutMs = 60_000): Promise<ActiveAlert[]> {
    return eventually(() => this.alerts(), done, timeoutMs);
  }

  stop(): void {
    try {
      this.script('stop');
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  private async api<T>(path: string, what: string): Promise<T> {
    const answer = await requestJson(`${this.url}/api/v1/${path}`);
    const body = answer.body as { status: string; data: T };
    if (body.status !== 'success') throw new Error(`${what}: ${JSON.stringify(body)}`);
    return body.data;
  }

  private script(command: 'start' | 'stop'): void {
    execFileSync('bash', [PROMETHEUS_SCRIPT, command], { env: { ...process.env, ...this.env }, stdio: 'inherit', timeout: 600_000 });
  }
}
