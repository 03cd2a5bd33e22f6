import { USAGE_MIGRATIONS } from '../usage/usage.migrations';
import { clusterMigrations, createdTables } from './cluster-ddl';

const placement = { cluster: 'govmetrics', database: 'run_1' };
const statements = clusterMigrations(USAGE_MIGRATIONS, placement).flatMap((migration) => migration.statements);

describe(clusterMigrations.name, () => {
  it('replicates every table of the single-node migrations under a path of its shard and database', () => {
    for (const table of createdTables(USAGE_MIGRATIONS)) {
      const local = statements.find((statement) => new RegExp(`CREATE TABLE (IF NOT EXISTS )?${table}_local \\(`).test(statement));
      expect(local).toMatch(new RegExp(`ENGINE = Replicated\\w*MergeTree\\('/clickhouse/tables/\\{shard\\}/run_1/${table}_local', '\\{replica\\}'\\)`));
    }
  });

  it('keeps each aggregate table’s engine family (AggregatingMergeTree stays aggregating)', () => {
    expect(statements.find((statement) => statement.includes('usage_daily_local ('))).toContain('ReplicatedAggregatingMergeTree(');
  });

  it('gives every table a Distributed table under its single-node name, so readers query it unchanged', () => {
    for (const table of createdTables(USAGE_MIGRATIONS))
      expect(statements).toContainEqual(
        expect.stringMatching(
          new RegExp(`CREATE TABLE IF NOT EXISTS ${table} AS ${table}_local\\s+ENGINE = Distributed\\(govmetrics, run_1, ${table}_local, rand\\(\\)\\)`),
        ),
      );
  });

  it('feeds the views from the local tables, so a fold on one server updates that server’s aggregates', () => {
    const view = statements.find((statement) => statement.includes('MATERIALIZED VIEW IF NOT EXISTS usage_daily_mv'));
    expect(view).toContain('TO usage_daily_local');
    expect(view).toContain('FROM usage_events_local');
    expect(view).not.toMatch(/\busage_events\b/);
  });

  it('moves the layout migration onto the local tables: the copy is replicated, the swap and the drop act on local names', () => {
    const layout = clusterMigrations(USAGE_MIGRATIONS, placement).find((migration) => migration.version === 3)?.statements ?? [];
    expect(layout).toContainEqual(expect.stringContaining('INSERT INTO usage_events_by_time_local'));
    expect(layout).toContainEqual(
      expect.stringMatching(/RENAME TABLE usage_events_local TO usage_events_by_id, usage_events_by_time_local TO usage_events_local/),
    );
    expect(layout.join('\n')).not.toMatch(/\busage_events\b/);
  });

  it('keeps the versions, so a cluster database records the same schema_migrations as a single node', () => {
    expect(clusterMigrations(USAGE_MIGRATIONS, placement).map((m) => m.version)).toEqual(USAGE_MIGRATIONS.map((m) => m.version));
  });

  it('refuses a table it cannot replicate rather than leave it unreplicated', () => {
    const log = [{ version: 1, name: 'log', statements: ['CREATE TABLE IF NOT EXISTS notes (x String) ENGINE = Log'] }];
    expect(() => clusterMigrations(log, placement)).toThrow('notes is not a MergeTree-family table');
  });
});
