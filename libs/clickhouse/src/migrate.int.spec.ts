import type { ClickHouseClient } from '@clickhouse/client';
import { randomUUID } from 'node:crypto';
import { ClickHouseConfigSchema } from './clickhouse-config';
import { ClickHouseError } from './clickhouse-errors';
import { connectClickHouse } from './create-clickhouse';
import type { Migration } from './migrate';
import { migrate } from './migrate';
import { USAGE_MIGRATIONS } from './usage/usage.migrations';

const database = () => `t_${randomUUID().replace(/-/g, '')}`;
/** Every client opened, with its database: each test's database is dropped after all of them, whatever they did. */
const opened: { client: ClickHouseClient; name: string }[] = [];

async function open(name: string): Promise<ClickHouseClient> {
  const client = await connectClickHouse(ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: name }));
  opened.push({ client, name });
  return client;
}

async function count(client: ClickHouseClient, query: string): Promise<number> {
  const [row] = await (await client.query({ query, format: 'JSONEachRow' })).json<{ n: string }>();
  return Number(row?.n);
}

/** A step that records each attempt before it fails with `failing`: the attempts table counts how often it ran. */
const countedStep = (failing: string): Migration => ({
  version: 1,
  name: 'counted',
  statements: ['CREATE TABLE IF NOT EXISTS attempts (at DateTime) ENGINE = Log', 'INSERT INTO attempts VALUES (now())', failing],
});

afterAll(async () => {
  // Once per database: a client whose database is gone can no longer send anything.
  const byDatabase = new Map(opened.map(({ client, name }) => [name, client]));
  for (const [name, client] of byDatabase) await client.command({ query: `DROP DATABASE IF EXISTS ${name}` });
  for (const { client } of opened) await client.close();
});

describe('migrating a database', () => {
  it('two migrators starting together on an empty database both finish, each version recorded and the tables there', async () => {
    const name = database();
    const [one, two] = [await open(name), await open(name)];
    await Promise.all([migrate(one, USAGE_MIGRATIONS), migrate(two, USAGE_MIGRATIONS)]);
    const versions = USAGE_MIGRATIONS.map((m) => m.version);
    expect(await count(one, `SELECT uniqExact(version) AS n FROM schema_migrations WHERE version IN (${versions.join(',')})`)).toBe(versions.length);
    expect(await count(one, "SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name = 'usage_events'")).toBe(1);
  }, 60_000);

  it('waits while another migrator holds the lock, then migrates and leaves no lock behind', async () => {
    const name = database();
    const client = await open(name);
    await client.command({ query: 'CREATE TABLE schema_migration_lock (lock UInt8) ENGINE = Log' });
    let done = false;
    const migrating = migrate(client, USAGE_MIGRATIONS).then(() => (done = true));
    await new Promise((settle) => setTimeout(settle, 1500));
    expect(done).toBe(false);

    await client.command({ query: 'DROP TABLE schema_migration_lock' });
    await migrating;
    expect(await count(client, "SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name = 'schema_migration_lock'")).toBe(0);
    expect(await count(client, 'SELECT uniqExact(version) AS n FROM schema_migrations')).toBe(USAGE_MIGRATIONS.length);
  }, 60_000);

  it('throws a syntax error after one attempt: only a lost race or an absent server is worth another', async () => {
    const name = database();
    const client = await open(name);
    const failure = await migrate(client, [countedStep('SELEC 1')]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ClickHouseError);
    expect((failure as ClickHouseError).server?.code).toBe(62);
    expect(await count(client, 'SELECT count() AS n FROM attempts')).toBe(1);
  }, 60_000);

  it('runs a step that keeps finding a table missing five times, as a race lost to another migrator would, then throws', async () => {
    const name = database();
    const client = await open(name);
    const failure = await migrate(client, [countedStep('RENAME TABLE never_created TO elsewhere')]).catch((error: unknown) => error);
    expect((failure as ClickHouseError).server?.code).toBe(60);
    expect(await count(client, 'SELECT count() AS n FROM attempts')).toBe(5);
  }, 60_000);
});
