import { ClickHouseConfigSchema, connectClickHouse } from '@govmetrics/clickhouse';
import { loadConfig } from '@govmetrics/config';
import { createKafka, KafkaConfigSchema } from '@govmetrics/kafka';
import { Client } from 'pg';
import { z } from 'zod';

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
    ...(ledgerDatabase ? { ledgerDatabase } : {}),
  };
}

/** Where the run's state is; each defaults to the environment's, then the local servers. */
export interface RunServers {
  kafkaBrokers?: string[];
  /** The superuser's settings the run was started with (CLICKHOUSE_*, INGEST_DATABASE_URL). */
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
    ['kafka', () => deleteTopicsAndGroups(state, servers.kafkaBrokers ?? KafkaConfigSchema.parse(process.env).KAFKA_BROKERS)],
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

async function deleteTopicsAndGroups({ topics, groups }: RunState, brokers: string[]): Promise<void> {
  const admin = createKafka({ KAFKA_BROKERS: brokers, KAFKA_CLIENT_ID: 'devkit-cleanup' }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const present = topics.filter((topic) => existing.has(topic));
    if (present.length > 0) await admin.deleteTopics({ topics: present });
    const known = new Set((await admin.listGroups()).groups.map(({ groupId }) => groupId));
    const stale = groups.filter((group) => known.has(group));
    if (stale.length > 0) await admin.deleteGroups(stale);
  } finally {
    await admin.disconnect();
  }
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

async function dropPostgresState({ claimSchema, ledgerDatabase }: RunState, adminUrl: string): Promise<void> {
  if (claimSchema === undefined && ledgerDatabase === undefined) return;
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    if (claimSchema) await client.query(`DROP SCHEMA IF EXISTS "${claimSchema}" CASCADE`);
    if (ledgerDatabase) await client.query(`DROP DATABASE IF EXISTS "${ledgerDatabase}" WITH (FORCE)`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
