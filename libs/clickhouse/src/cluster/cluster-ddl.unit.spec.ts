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

  it('keeps the layout settings on the replicated table: usage_events in granules of 1,024 rows on every replica', () => {
    const [created] = (clusterMigrations(USAGE_MIGRATIONS, placement).find((migration) => migration.version === 4)?.statements ?? []).filter((s) =>
      s.startsWith('CREATE TABLE usage_events_fine_local'),
    );
    expect(created).toMatch(/ENGINE = ReplicatedMergeTree\('\/clickhouse\/tables\/\{shard\}\/\w+\/usage_events_fine_local', '\{replica\}'\)/);
    expect(created).toMatch(/ORDER BY \(source, event_time, event_id\) SETTINGS index_granularity = 1024$/);
  });

  it('lets a layout copy run only while its source is empty: on a populated cluster database every replica would copy', () => {
    for (const version of [3, 4]) {
      const [first] = clusterMigrations(USAGE_MIGRATIONS, placement).find((migration) => migration.version === version)?.statements ?? [];
      expect(first).toMatch(/^SELECT throwIf\(count\(\) > 0\) FROM usage_events_local \/\* .*rebuild into a new database/);
    }
  });

  it('guards the steps that declare a copy, whatever their SQL looks like, and no other', () => {
    const copying = { version: 1, name: 'copy', statements: ['INSERT INTO b (x) SELECT x FROM a WHERE x > 0'], copiesFrom: 'a' };
    const deriving = { version: 2, name: 'derive', statements: ['INSERT INTO b (x) SELECT x FROM a'] };
    const [guarded, unguarded] = clusterMigrations([copying, deriving], placement);
    expect(guarded?.statements).toEqual([expect.stringMatching(/^SELECT throwIf\(count\(\) > 0\) FROM a /), copying.statements[0]]);
    expect(unguarded?.statements).toEqual(deriving.statements);
    const entities = clusterMigrations(USAGE_MIGRATIONS, placement).find((migration) => migration.version === 5)?.statements ?? [];
    expect(entities.join('\n')).not.toContain('throwIf');
  });

  it('back-fills the daily entities on each server from its local rows into its local table, never through a Distributed table', () => {
    const entities = clusterMigrations(USAGE_MIGRATIONS, placement).find((migration) => migration.version === 5)?.statements ?? [];
    const [backFill] = entities.filter((statement) => statement.startsWith('INSERT'));
    expect(backFill).toMatch(/^INSERT INTO usage_daily_entities_local \(/);
    expect(backFill).toContain('FROM usage_events_local GROUP BY');
    expect(entities.find((statement) => statement.includes('MATERIALIZED VIEW'))).toMatch(/TO usage_daily_entities_local AS[\s\S]*FROM usage_events_local /);
    expect(entities.find((statement) => statement.includes('usage_daily_entities_local ('))).toContain('ReplicatedAggregatingMergeTree(');
    const readers = entities.filter((statement) => !statement.includes('ENGINE = Distributed'));
    expect(readers.join('\n')).not.toMatch(/\busage_(events|daily_entities)\b/);
  });

  it('keeps the versions, so a cluster database records the same schema_migrations as a single node', () => {
    expect(clusterMigrations(USAGE_MIGRATIONS, placement).map((m) => m.version)).toEqual(USAGE_MIGRATIONS.map((m) => m.version));
  });

  it('refuses a table it cannot replicate rather than leave it unreplicated', () => {
    const log = [{ version: 1, name: 'log', statements: ['CREATE TABLE IF NOT EXISTS notes (x String) ENGINE = Log'] }];
    expect(() => clusterMigrations(log, placement)).toThrow('notes is not a MergeTree-family table');
  });
});
