import type { ClickHouseConfig } from '@govmetrics/clickhouse';
import { ClickHouseConfigSchema, openUsageStore } from '@govmetrics/clickhouse';
import { parsePlatformCatalog, type Role, type StaticToken } from '@govmetrics/contracts';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Credentials } from './database-users';
import { provisionDatabaseUsers, serviceCredentialEnv } from './database-users';
import { freePort } from './free-port';
import { freshRoleTokens } from './role-tokens';
import { removeRunState, runState } from './run-state';
import { RoundRobinProxy } from './round-robin-proxy';
import type { ServiceName } from './service-process';
import { HEALTH_PORT_KEY, ServiceProcess } from './service-process';

export const PLATFORM_CATALOG_PATH = resolve(__dirname, '../../../catalogs/platforms.yaml');

/**
 * Oldest event time the pipeline's ingest accepts: the start of FY2563 (1 Oct 2019, Bangkok), so that the
 * demo and the scoring tests can replay FY2563 and FY2564 usage today. The service's own default is stricter.
 */
export const REPLAY_EVENTS_NOT_BEFORE = '2019-10-01T00:00:00+07:00';

export interface PipelineOptions {
  /** Names the topics, the ClickHouse database, the PostgreSQL schema and the consumer groups, so that runs never share state. */
  runId?: string;
  /** A broker list other than the shared 127.0.0.1:9092, e.g. a private broker a test stops. */
  kafkaBrokers?: string;
  /** Which services to start (default ingest, projector and gateway; add `scoring` for KPI snapshots). */
  services?: readonly ServiceName[];
  /** Static tokens the services accept beside the one per role, e.g. two stewards a story tells apart (`issueStaticToken`). */
  staticTokens?: readonly StaticToken[];
  env?: Record<string, string>;
  /** An OTLP/HTTP endpoint (an `OtlpReceiver`'s) every service sends its spans to, every 200 ms so that a test sees them soon. */
  otlpEndpoint?: string;
  /** Settings for one service only, over `env`: its own Kafka principal on a secured broker, say. */
  serviceEnv?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Processes per service (default 1). Several ingests or gateways answer behind one {@link RoundRobinProxy} at the usual URL. */
  replicas?: Partial<Record<ServiceName, number>>;
  /** Starts again, with the same settings, a replica that exits without being asked (killed, crashed), as systemd's `Restart=always`. */
  supervise?: boolean;
  /** How long each process may take to answer ready (default 60 s); many replicas on a loaded machine need more. */
  readyTimeoutMs?: number;
}

/** A replica's own ports: its health (for ingest and gateway, its HTTP API) and metrics ports; every other setting is shared. */
const ownPorts = async (name: ServiceName): Promise<Record<string, string>> => ({
  [HEALTH_PORT_KEY[name]]: String(await freePort()),
  METRICS_PORT: String(await freePort()),
});

const PROXIED: readonly ServiceName[] = ['ingest', 'gateway'];

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const ledgerDatabase = (runId: string) => `ledger_${runId.toLowerCase()}`;
const ledgerDatabaseUrl = (runId: string) => DEFAULT_DATABASE_URL.replace(/\/postgres$/, `/${ledgerDatabase(runId)}`);

/**
 * What a projector of a run of its own needs: its topic (by default `usage.events.<runId>`), its announcements and
 * quarantine topics, its ClickHouse database and its consumer group, all named after `runId` so that runs never share state.
 */
export const projectorEnv = (runId: string, topic = `usage.events.${runId}`): Record<string, string> => ({
  USAGE_EVENTS_TOPIC: topic,
  AGGREGATES_CHANGED_TOPIC: `usage.aggregates.changed.${runId}`,
  QUARANTINE_TOPIC: `usage.quarantine.${runId}`,
  CLICKHOUSE_DATABASE: runId,
  PROJECTOR_GROUP_ID: `projector-${runId}`,
});

/**
 * Each service's own database user (docs/security.md, "Database users"), created for the run: the ingest owns only the
 * run's claim schema and reads the run's credential store, which the gateway owns; the scoring service appends to the
 * run's ledger, the gateway reads it, and only the projector may run DDL in ClickHouse. `env` stays the superuser's,
 * for tests that inspect or drop what the run made. A location the test chose itself is left as it is, with whoever
 * it names.
 */
async function leastPrivilegeEnv(
  env: Record<string, string>,
  chosen: Record<string, string>,
  names: readonly ServiceName[],
): Promise<Record<ServiceName, Record<string, string>>> {
  const setting = (key: string) => env[key] ?? process.env[key];
  const claimsUrl = setting('INGEST_DATABASE_URL') ?? DEFAULT_DATABASE_URL;
  const credentialsUrl = setting('CREDENTIALS_DATABASE_URL') ?? DEFAULT_DATABASE_URL;
  const keepsCredentials = (names.includes('ingest') || names.includes('gateway')) && !('CREDENTIALS_DATABASE_URL' in chosen);
  const ledgerUrl = 'LEDGER_DATABASE_URL' in chosen ? undefined : setting('LEDGER_DATABASE_URL');
  const clickhouse = ClickHouseConfigSchema.parse({ ...process.env, ...env });
  const users = await provisionDatabaseUsers({
    env: { ...process.env, ...env },
    adminUrl: DEFAULT_DATABASE_URL,
    clickhouseUrl: clickhouse.CLICKHOUSE_URL,
    claims: names.includes('ingest') && !('INGEST_DATABASE_URL' in chosen) ? { adminUrl: claimsUrl, schema: env.INGEST_DATABASE_SCHEMA as string } : undefined,
    ledgerAdminUrl: names.includes('gateway') || names.includes('scoring') ? ledgerUrl : undefined,
    credentials: keepsCredentials ? { adminUrl: credentialsUrl, schema: env.CREDENTIALS_DATABASE_SCHEMA as string } : undefined,
  });
  // Without a projector in the run the pipeline stands in for it as the schema's owner: the readers wait for a schema.
  if (!names.includes('projector')) await migrateAs(clickhouse, users.projector);
  const perService = serviceCredentialEnv(users, { claimsUrl, credentialsUrl, ledgerUrl });
  const unchosen = (overrides: Record<string, string>) => Object.fromEntries(Object.entries(overrides).filter(([key]) => !(key in chosen)));
  return {
    ingest: unchosen(perService.ingest),
    projector: unchosen(perService.projector),
    gateway: unchosen(perService.gateway),
    scoring: unchosen(perService.scoring),
  };
}

async function migrateAs(config: ClickHouseConfig, owner: Credentials): Promise<void> {
  // On one server or, with CLICKHOUSE_CLUSTER, on every server of the cluster.
  const store = await openUsageStore({ ...config, CLICKHOUSE_USER: owner.user, CLICKHOUSE_PASSWORD: owner.password });
  await store.close();
}

/** Pipelines of this process per run: one started with another's `runId` (a second gateway) shares its state, so the last to stop removes it. */
const pipelinesOfRun = new Map<string, number>();

/** The services of the distributed mode, started as separate processes against the real servers. */
export class Pipeline {
  private stopped = false;
  /** Processes a restart replaced: their logs still belong to the run. */
  private readonly retired: ServiceProcess[] = [];

  /** The proxy in front of each replicated HTTP service. */
  private readonly proxies = new Map<ServiceName, RoundRobinProxy>();
  private supervised = false;
  /** Each restart the supervisor made, in order: which service, and when its replacement was started. */
  readonly supervisedRestarts: { name: ServiceName; at: number }[] = [];

  private constructor(
    readonly runId: string,
    readonly env: Record<string, string>,
    readonly ingestUrl: string,
    readonly gatewayUrl: string,
    readonly services: ServiceProcess[],
    private readonly apiKeys: Readonly<Record<string, string>>,
    private readonly roleTokens: Readonly<Record<Role, string>>,
  ) {}

  static async start(options: PipelineOptions = {}): Promise<Pipeline> {
    const runId = options.runId ?? `run_${randomBytes(6).toString('hex')}`;
    const [ingestPort, gatewayPort] = [await freePort(), await freePort()];
    const platforms = Object.keys(parsePlatformCatalog(readFileSync(PLATFORM_CATALOG_PATH, 'utf8')).platforms);
    const apiKeys = Object.fromEntries(platforms.map((platform) => [platform, randomBytes(24).toString('base64url')]));
    const roleTokens = freshRoleTokens();
    const env: Record<string, string> = {
      ...projectorEnv(runId),
      RAW_USAGE_TOPIC: `usage.raw.${runId}`,
      DEAD_LETTER_TOPIC: `usage.dlq.${runId}`,
      COMPLETENESS_TOPIC: `usage.completeness.${runId}`,
      VERDICTS_TOPIC: `usage.verdicts.${runId}`,
      RAW_INTAKE_GROUP_ID: `validator-${runId}`,
      INGEST_DATABASE_SCHEMA: runId.toLowerCase(),
      // The run's own credential store: the gateway's admin endpoints write it, the ingest and the gateway believe it.
      CREDENTIALS_DATABASE_SCHEMA: `credentials_${runId.toLowerCase()}`,
      INGEST_PORT: String(ingestPort),
      GATEWAY_PORT: String(gatewayPort),
      INGEST_API_KEYS: Object.entries(apiKeys)
        .map(([platform, key]) => `${platform}=${key}`)
        .join(','),
      // Security is on: every service knows one static token per role (by digest); `roleHeaders(role)` presents it.
      AUTH_STATIC_TOKENS: JSON.stringify([...roleTokens.config, ...(options.staticTokens ?? [])]),
      EVENT_TIME_NOT_BEFORE: REPLAY_EVENTS_NOT_BEFORE,
      KPI_ATTAINMENT_TOPIC: `kpi.attainment.${runId}`,
      SCORING_GROUP_ID: `scoring-${runId}`,
      // The run's own ledger: the scoring service writes it, the gateway's auditor endpoints read it.
      LEDGER_DATABASE_URL: ledgerDatabaseUrl(runId),
      // Signed heads (with a signing key) on the run's own topic, never the shared ledger.heads.v1.
      LEDGER_HEADS_TOPIC: `ledger.heads.${runId}`,
      ...(options.kafkaBrokers ? { KAFKA_BROKERS: options.kafkaBrokers } : {}),
      ...(options.otlpEndpoint ? { OTEL_EXPORTER_OTLP_ENDPOINT: options.otlpEndpoint, OTEL_BSP_SCHEDULE_DELAY: '200' } : {}),
      ...options.env,
    };
    const names = options.services ?? (['ingest', 'projector', 'gateway'] as const);
    const credentials = await leastPrivilegeEnv(env, options.env ?? {}, names);
    const count = (name: ServiceName) => options.replicas?.[name] ?? 1;
    // Each process serves /metrics on a port of its own (docs/operations.md, "Metrics"); a lone ingest or gateway keeps the run's port.
    const settings = async (name: ServiceName) => {
      const ports = count(name) > 1 ? await ownPorts(name) : { METRICS_PORT: String(await freePort()) };
      return { ...env, ...credentials[name], ...options.serviceEnv?.[name], ...ports };
    };
    const replicas = names.flatMap((name) => Array.from({ length: count(name) }, () => name));
    const services = await Promise.all(replicas.map(async (name) => ServiceProcess.spawn(name, await settings(name))));
    const urls = [`http://127.0.0.1:${ingestPort}`, `http://127.0.0.1:${gatewayPort}`] as const;
    const pipeline = new Pipeline(runId, env, ...urls, services, apiKeys, roleTokens.tokens);
    pipelinesOfRun.set(runId, (pipelinesOfRun.get(runId) ?? 0) + 1);
    try {
      for (const name of PROXIED.filter((name) => count(name) > 1)) {
        pipeline.proxies.set(name, await RoundRobinProxy.start(pipeline.replicaPorts(name), Number(env[HEALTH_PORT_KEY[name]])));
      }
      await Promise.all(services.map((service) => service.ready(options.readyTimeoutMs)));
      if (options.supervise) pipeline.supervise();
    } catch (error) {
      await pipeline.stop();
      throw error;
    }
    return pipeline;
  }

  /** The brokers the pipeline's services talk to (the override, the inherited KAFKA_BROKERS, or the shared one). */
  get kafkaBrokers(): string[] {
    return (this.env.KAFKA_BROKERS ?? process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  }

  /** The API key the pipeline's ingest accepts for `platform` (one per platform of the catalog). */
  apiKey(platform: string): string {
    const key = this.apiKeys[platform];
    if (key === undefined) throw new Error(`platform "${platform}" is not in ${PLATFORM_CATALOG_PATH}`);
    return key;
  }

  /** Headers that authenticate a request as `platform`. */
  authHeaders(platform: string): Record<string, string> {
    return { authorization: `Bearer ${this.apiKey(platform)}` };
  }

  /** The static token the pipeline's services accept for `role` (its `platform` token is bound to gdx). */
  token(role: Role): string {
    return this.roleTokens[role];
  }

  /** Headers that authenticate a request as a holder of `role`, e.g. an operator reading the gateway. */
  roleHeaders(role: Role): Record<string, string> {
    return { authorization: `Bearer ${this.token(role)}` };
  }

  /** Where `name` serves its Prometheus metrics (`http://127.0.0.1:PORT/metrics`), a port of its own per service. */
  metricsUrl(name: ServiceName): string {
    return `http://127.0.0.1:${this.service(name).env.METRICS_PORT}/metrics`;
  }

  /** Every line every service process of the run wrote, restarted ones included, each with the service's name. */
  logLines(): { service: ServiceName; line: string }[] {
    return [...this.retired, ...this.services].flatMap((process) => process.logLines().map((line) => ({ service: process.name, line })));
  }

  /** The first replica of `name`. */
  service(name: ServiceName): ServiceProcess {
    const found = this.services.find((service) => service.name === name);
    if (!found) throw new Error(`no ${name} in this pipeline`);
    return found;
  }

  /** Every running replica of `name`, in start order (a supervised restart takes its predecessor's place). */
  replicas(name: ServiceName): ServiceProcess[] {
    return this.services.filter((service) => service.name === name);
  }

  /** One more replica of `name`, with the first one's settings and ports of its own, resolved once ready (and routed to). */
  async addReplica(name: ServiceName, timeoutMs = 120_000): Promise<ServiceProcess> {
    const added = await ServiceProcess.spawn(name, { ...this.service(name).env, ...(await ownPorts(name)) });
    this.services.push(added);
    this.watch(added);
    await added.ready(timeoutMs);
    this.proxies.get(name)?.route(this.replicaPorts(name));
    return added;
  }

  /** Stops one replica (SIGTERM, so it drains and hands its partitions back) and takes it out of the run. */
  async removeReplica(replica: ServiceProcess): Promise<{ forced: boolean; tookMs: number }> {
    if (this.replicas(replica.name).length < 2) throw new Error(`${replica.name} has no other replica`);
    this.services.splice(this.services.indexOf(replica), 1);
    this.retired.push(replica);
    this.proxies.get(replica.name)?.route(this.replicaPorts(replica.name));
    return replica.stop();
  }

  private replicaPorts(name: ServiceName): number[] {
    return this.replicas(name).map((replica) => Number(replica.env[HEALTH_PORT_KEY[name]]));
  }

  private supervise(): void {
    this.supervised = true;
    for (const service of this.services) this.watch(service);
  }

  /** A supervised replica that exits unasked is started again in its place after a second (systemd's RestartSec), same settings. */
  private watch(replica: ServiceProcess): void {
    if (!this.supervised) return;
    void replica.exit
      .then(async () => {
        if (this.stopped || !replica.exitedUnasked || !this.services.includes(replica)) return;
        await new Promise((later) => setTimeout(later, 1000));
        if (this.stopped) return;
        const fresh = await ServiceProcess.spawn(replica.name, replica.env);
        // stop() may have begun during the spawn, and did not see this process: an orphan would outlive the run.
        if (this.stopped) return void (await fresh.stop());
        this.services[this.services.indexOf(replica)] = fresh;
        this.retired.push(replica);
        this.supervisedRestarts.push({ name: replica.name, at: Date.now() });
        this.watch(fresh);
      })
      .catch((error: unknown) => process.stderr.write(`supervisor could not restart ${replica.name}: ${String(error)}\n`));
  }

  /**
   * A rolling restart of one service: SIGTERM (it drains: stops taking work, finishes or hands back its batch, commits,
   * closes), then the same service started again with the same environment, resolved once it is ready: whether the
   * stop had to be forced (SIGKILL after 30 s), how long the drain took and how long the new process took to be ready.
   */
  async restart(name: ServiceName, timeoutMs = 120_000): Promise<{ forced: boolean; drainMs: number; restartMs: number }> {
    const old = this.service(name);
    const { forced, tookMs } = await old.stop('SIGTERM', 30_000);
    const began = Date.now();
    const fresh = await ServiceProcess.spawn(name, old.env);
    this.services[this.services.indexOf(old)] = fresh;
    this.retired.push(old);
    this.watch(fresh);
    await fresh.ready(timeoutMs);
    return { forced, drainMs: tookMs, restartMs: Date.now() - began };
  }

  /**
   * Stops the services; the last pipeline of the run to stop then deletes what the run made: its topics and consumer
   * groups, its ClickHouse database, claim schema and ledger database (`KEEP_E2E_STATE=1` keeps them for inspection).
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await Promise.all([...this.services.map((service) => service.stop()), ...[...this.proxies.values()].map((proxy) => proxy.stop())]);
    const sharing = (pipelinesOfRun.get(this.runId) ?? 1) - 1;
    if (sharing > 0) return void pipelinesOfRun.set(this.runId, sharing);
    pipelinesOfRun.delete(this.runId);
    const ledger = this.env.LEDGER_DATABASE_URL === ledgerDatabaseUrl(this.runId) ? ledgerDatabase(this.runId) : undefined;
    await removeRunState(runState(this.runId, this.env, ledger), { kafkaBrokers: this.kafkaBrokers, env: this.env, postgresAdminUrl: DEFAULT_DATABASE_URL });
  }
}
