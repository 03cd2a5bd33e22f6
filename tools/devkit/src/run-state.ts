import { ClickHouseConfigSchema, connectClickHouse } from '@govmetrics/clickhouse';
import { loadConfig } from '@govmetrics/config';
import { createKafka, KafkaConfigSchema, KafkaSecurityConfigSchema, KafkaUnavailableError, toKafkaError } from '@govmetrics/kafka';
import { Client } from 'pg';
import { z } from 'zod';
import { retryTransient } from './retry-transient';

const POSTGRES_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

const RunStateConfigSchema = z.object({
  /** `1`: a stopped pipeline keeps what its run made (topics, consumer groups, databases) for inspection, and says where. */
  KEEP_E2E_STATE: z.enum(['0', '1']).default('0'),
});

/** What a run made on the shared servers: only what is named after its run id, never a topic or database it was handed. */
export interface RunState {
  topics: string[];
  groups: string[];
  clickhouseDatabase?: string;
  claimSchema?: string;
  credentialsSchema?: string;
  ledgerDatabase?: string;
}

/** The run's own topics, consumer groups and databases among its settings (`*_TOPIC`, `*_GROUP_ID`, …). */
export function runState(runId: string, env: Record<string, string>, ledgerDatabase?: string): RunState {
  const own = (value: string | undefined): value is string => value !== undefined && value.toLowerCase().includes(runId.toLowerCase());
  const named = (suffix: string) => [...new Set(Object.entries(env).flatMap(([key, value]) => (key.endsWith(suffix) && own(value) ? [value] : [])))];
  return {
    topics: named('_TOPIC'),
    groups: named('_GROUP_ID'),
    ...(own(env.CLICKHOUSE_DATABASE) ? { clickhouseDatabase: env.CLICKHOUSE_DATABASE } : {}),
    ...(own(env.INGEST_DATABASE_SCHEMA) ? { claimSchema: env.INGEST_DATABASE_SCHEMA } : {}),
    ...(own(env.CREDENTIALS_DATABASE_SCHEMA) ? { credentialsSchema: env.CREDENTIALS_DATABASE_SCHEMA } : {}),
    ...(ledgerDatabase ? { ledgerDatabase } : {}),
  };
}

/** Where the run's state is; each defaults to the environment's, then the local servers. */
export interface RunServers {
  kafkaBrokers?: string[];
  /** The superuser's settings the run was started with (CLICKHOUSE_*, INGEST_DATABASE_URL, KAFKA_SASL_* on a secured broker). */
  env?: Record<string, string>;
  postgresAdminUrl?: string;
}

/**
 * Deletes what the run made, so runs leave nothing on the shared servers; with KEEP_E2E_STATE=1 keeps it and says
 * what was kept. Each server is cleaned on its own: one unreachable (a test stopped it) leaves the others clean, and
 * what could not be deleted is named on stderr.
 */
export async function removeRunState(state: RunState, servers: RunServers = {}): Promise<void> {
  if (loadConfig(RunStateConfigSchema, process.env).KEEP_E2E_STATE === '1') {
    process.stderr.write(`KEEP_E2E_STATE=1: kept ${JSON.stringify(state)}\n`);
    return;
  }
  const steps: [string, () => Promise<void>][] = [
    [
      'kafka',
      () =>
        retryTransient(
          () => deleteTopicsAndGroups(state, servers.kafkaBrokers ?? KafkaConfigSchema.parse(process.env).KAFKA_BROKERS, servers.env ?? {}),
          BROKER_RETRIES,
        ),
    ],
    ['clickhouse', () => dropClickHouseDatabase(state, servers.env ?? {})],
    [
      'postgresql',
      () => dropPostgresState(state, servers.env?.INGEST_DATABASE_URL ?? process.env.INGEST_DATABASE_URL ?? servers.postgresAdminUrl ?? POSTGRES_ADMIN_URL),
    ],
  ];
  for (const [server, step] of steps)
    await step().catch((error: unknown) =>
      process.stderr.write(`run cleanup left state on ${server}: ${error instanceof Error ? error.message : String(error)}\n`),
    );
}

/**
 * A broker that drops the cleanup's connection (seen as "Closed connection" while a run's consumers leave) or moves a
 * leader is asked again, a few times over ~3.5 s; a refusal or a misconfiguration is reported at once. The step lists
 * before it deletes, so a repeat deletes only what is left.
 */
export const BROKER_RETRIES = {
  isTransient: (error: unknown) => toKafkaError('run cleanup', error).retriable,
  attempts: 4,
  firstDelayMs: 500,
  onRetry: (error: unknown, attempt: number, delayMs: number) =>
    process.stderr.write(`run cleanup on kafka: try ${attempt} failed (${error instanceof Error ? error.message : String(error)}); again in ${delayMs} ms\n`),
};

async function deleteTopicsAndGroups({ topics, groups }: RunState, brokers: string[], env: Record<string, string>): Promise<void> {
  // On a secured broker the run's settings name a principal allowed to delete (the tests give the broker's admin).
  const security = KafkaSecurityConfigSchema.parse(env);
  const admin = createKafka({ ...security, KAFKA_BROKERS: brokers, KAFKA_CLIENT_ID: 'devkit-cleanup' }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const present = topics.filter((topic) => existing.has(topic));
    if (present.length > 0) await admin.deleteTopics({ topics: present });
    const known = new Set((await admin.listGroups()).groups.map(({ groupId }) => groupId));
    const stale = groups.filter((group) => known.has(group));
    if (stale.length > 0) await admin.deleteGroups(stale).catch((error: unknown) => Promise.reject(withGroupReasons(error)));
  } finally {
    await admin.disconnect();
  }
}

/**
 * kafkajs says only "Error in DeleteGroups"; this names each group the broker kept and its reason. NON_EMPTY_GROUP is
 * not tried again, as members outlast the retries: a restarted broker brings a group back with its old member, a
 * consumer kafkajs restarted meanwhile joins as a new one, and a service stopped during that rebalance leaves both
 * until their sessions expire (30 s; seen in kafka-outage.e2e).
 */
function withGroupReasons(error: unknown): Error {
  const groups = (error as { groups?: { groupId: string; error?: { type?: string } }[] }).groups;
  if (groups === undefined) return toKafkaError('delete consumer groups', error);
  const reasons = groups.map(({ groupId, error: reason }) => `${groupId} ${reason?.type ?? 'unknown'}`).join(', ');
  const retriable = !groups.some(({ error: reason }) => reason?.type === 'NON_EMPTY_GROUP');
  return new KafkaUnavailableError(`the broker kept consumer groups: ${reasons}`, retriable, { cause: error });
}

/** From the one server, or from every server of the cluster (CLICKHOUSE_CLUSTER): each holds its own replicas and views. */
async function dropClickHouseDatabase({ clickhouseDatabase }: RunState, env: Record<string, string>): Promise<void> {
  if (clickhouseDatabase === undefined) return;
  const config = ClickHouseConfigSchema.parse({ ...process.env, ...env, CLICKHOUSE_DATABASE: 'default' });
  const urls = config.CLICKHOUSE_CLUSTER === '' ? [config.CLICKHOUSE_URL] : config.CLICKHOUSE_SHARD_URLS.flat();
  for (const url of urls) {
    const server = await connectClickHouse({ ...config, CLICKHOUSE_URL: url });
    try {
      await server.command({ query: `DROP DATABASE IF EXISTS ${clickhouseDatabase}` });
    } finally {
      await server.close();
    }
  }
}

async function dropPostgresState({ claimSchema, credentialsSchema, ledgerDatabase }: RunState, adminUrl: string): Promise<void> {
  if (claimSchema === undefined && credentialsSchema === undefined && ledgerDatabase === undefined) return;
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    if (claimSchema) await client.query(`DROP SCHEMA IF EXISTS "${claimSchema}" CASCADE`);
    if (credentialsSchema) await client.query(`DROP SCHEMA IF EXISTS "${credentialsSchema}" CASCADE`);
    if (ledgerDatabase) await client.query(`DROP DATABASE IF EXISTS "${ledgerDatabase}" WITH (FORCE)`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
