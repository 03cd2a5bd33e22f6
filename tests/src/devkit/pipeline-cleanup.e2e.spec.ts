import { ClickHouseConfigSchema, connectClickHouse } from '@govmetrics/clickhouse';
import { Pipeline, removeRunState, runState } from '@govmetrics/devkit';
import { createKafka } from '@govmetrics/kafka';
import { Client } from 'pg';

const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Everything on the three servers whose name carries the run's id. */
async function leftOf(pipeline: Pipeline): Promise<{ topics: string[]; clickhouse: string[]; postgres: string[] }> {
  const id = pipeline.runId.toLowerCase();
  const admin = createKafka({ KAFKA_BROKERS: pipeline.kafkaBrokers, KAFKA_CLIENT_ID: 'cleanup-spec' }).admin();
  await admin.connect();
  const topics = (await admin.listTopics()).filter((topic) => topic.toLowerCase().includes(id));
  await admin.disconnect();
  const server = await connectClickHouse(ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: 'default' }));
  const databases = await (await server.query({ query: 'SELECT name FROM system.databases', format: 'JSONEachRow' })).json<{ name: string }>();
  await server.close();
  const sql = new Client({ connectionString: ADMIN_URL });
  await sql.connect();
  const postgres = await sql.query<{ name: string }>(
    `SELECT datname AS name FROM pg_database WHERE datname LIKE $1 UNION SELECT nspname FROM pg_namespace WHERE nspname LIKE $1`,
    [`%${id}%`],
  );
  await sql.end();
  return {
    topics: topics.sort(),
    clickhouse: databases.map(({ name }) => name).filter((name) => name.toLowerCase().includes(id)),
    postgres: postgres.rows.map(({ name }) => name),
  };
}

describe(`${Pipeline.name}.stop`, () => {
  afterEach(() => {
    delete process.env.KEEP_E2E_STATE;
  });

  it("deletes the run's topics, ClickHouse database, claim schema and ledger database: a run leaves nothing on the shared servers", async () => {
    // Given a run whose services made their topics and databases
    const pipeline = await Pipeline.start({ services: ['ingest', 'gateway'] });
    const made = await leftOf(pipeline);
    expect(made.topics.length).toBeGreaterThan(0);
    expect(made.clickhouse).toEqual([pipeline.runId]);
    expect(made.postgres.length).toBeGreaterThan(0);

    // When it stops
    await pipeline.stop();

    // Then nothing named after it is left
    expect(await leftOf(pipeline)).toEqual({ topics: [], clickhouse: [], postgres: [] });
  }, 180_000);

  it('keeps all of it with KEEP_E2E_STATE=1, for inspection', async () => {
    const pipeline = await Pipeline.start({ services: ['gateway'] });
    const made = await leftOf(pipeline);
    expect(made.topics.length).toBeGreaterThan(0);
    try {
      process.env.KEEP_E2E_STATE = '1';
      await pipeline.stop();
      expect(await leftOf(pipeline)).toEqual(made);
    } finally {
      delete process.env.KEEP_E2E_STATE;
      const ledger = `ledger_${pipeline.runId.toLowerCase()}`;
      await removeRunState(runState(pipeline.runId, pipeline.env, ledger), {
        kafkaBrokers: pipeline.kafkaBrokers,
        env: pipeline.env,
        postgresAdminUrl: ADMIN_URL,
      });
    }
  }, 180_000);
});
