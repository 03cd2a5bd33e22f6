import { randomUUID } from 'node:crypto';
import { ClickHouseConfigSchema } from './clickhouse-config';
import { ClickHouseError } from './clickhouse-errors';
import { connectClickHouse, connectClickHouseReader } from './create-clickhouse';
import { awaitSchema, migrate } from './migrate';
import { USAGE_MIGRATIONS } from './usage/usage.migrations';

const config = ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: `t_${randomUUID().replace(/-/g, '')}` });

describe(awaitSchema.name, () => {
  // A client that never creates anything: what a read-only gateway holds before the projector has run.
  const reader = connectClickHouseReader(config);

  afterAll(async () => {
    await reader.command({ query: `DROP DATABASE IF EXISTS ${config.CLICKHOUSE_DATABASE}` });
    await reader.close();
  });

  it('gives up after its timeout, saying what it waited for, while no database exists', async () => {
    const waiting: string[] = [];
    const attempt = awaitSchema(reader, USAGE_MIGRATIONS, { timeoutMs: 600, pollMs: 100, onWaiting: (reason) => waiting.push(reason) });
    await expect(attempt).rejects.toThrow(ClickHouseError);
    await expect(attempt).rejects.toThrow(/waiting 600 ms for schema version \d+ failed: .*Database t_\w+ doesn't exist/);
    expect(waiting).toHaveLength(1);
  });

  it("resolves once the schema's owner has applied every migration, and not before", async () => {
    const owner = await connectClickHouse(config);
    await migrate(owner, USAGE_MIGRATIONS.slice(0, 1));
    let resolved = false;
    const waiting = awaitSchema(reader, USAGE_MIGRATIONS, { timeoutMs: 20_000, pollMs: 100 }).then(() => (resolved = true));
    await new Promise((done) => setTimeout(done, 400));
    expect(resolved).toBe(false);

    await migrate(owner, USAGE_MIGRATIONS);
    await waiting;
    expect(resolved).toBe(true);
    await owner.close();
  });
});
