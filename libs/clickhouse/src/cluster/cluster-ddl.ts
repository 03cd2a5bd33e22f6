import type { Migration } from '../migrate';

/** Where a cluster's tables live: the `remote_servers` cluster the read tables span, and the database on every server. */
export interface ClusterPlacement {
  cluster: string;
  database: string;
}

/** The table every server holds its own replica of, under the name whose Distributed table reads them all. */
export const localTable = (table: string): string => `${table}_local`;

const CREATED_TABLE = /CREATE TABLE (?:IF NOT EXISTS )?(\w+)/g;
const MERGE_TREE = /ENGINE = (\w*)MergeTree\(\)/;

/** Every table the migrations create, in order: the names the read side and the fold use. */
export function createdTables(migrations: readonly Migration[]): string[] {
  const names = migrations.flatMap((migration) =>
    migration.statements.flatMap((statement) => [...statement.matchAll(CREATED_TABLE)].map((match) => match[1] as string)),
  );
  return [...new Set(names)];
}

const renamed = (statement: string, tables: readonly string[]): string =>
  tables.reduce((text, table) => text.replace(new RegExp(`\\b${table}\\b`, 'g'), localTable(table)), statement);

/** Where ZooKeeper keeps a local table's replication state; `{shard}` is the server's macro. */
const replicationPath = (database: string, table: string): string => `/clickhouse/tables/{shard}/${database}/${localTable(table)}`;

/** `CREATE TABLE t … MergeTree()` as the replicated local table, then the Distributed table `t` over every shard's. */
function clusterTable(statement: string, table: string, placement: ClusterPlacement): string[] {
  const path = `'${replicationPath(placement.database, table)}', '{replica}'`;
  const replicated = statement.replace(MERGE_TREE, (_, family: string) => `ENGINE = Replicated${family}MergeTree(${path})`);
  if (replicated === statement) throw new Error(`cluster DDL: ${table} is not a MergeTree-family table`);
  const distributed = `CREATE TABLE IF NOT EXISTS ${table} AS ${localTable(table)}
       ENGINE = Distributed(${placement.cluster}, ${placement.database}, ${localTable(table)}, rand())`;
  return [replicated, distributed];
}

/**
 * A copy between tables runs on every server, so on a populated database each replica would copy its shard's rows
 * into the replicated table and they would count twice unless the blocks came out byte-identical. A step that copies
 * (`copiesFrom`) therefore refuses before its first statement while its source holds rows: a cluster database changes
 * layout by `rebuild` into a new one.
 */
const refusedWhenPopulated = (source: string): string => {
  const why = 'a layout change copies on every replica of a populated cluster database: rebuild into a new database instead, docs/cluster.md';
  return `SELECT throwIf(count() > 0) FROM ${source} /* ${why} */`;
};

/**
 * The single-node migrations as they run on every server of a cluster, derived rather than written twice so that a
 * layout change follows by itself: each table becomes a replicated `<t>_local` (its single-node engine's Replicated
 * form, path by shard and database, replica by macro) plus a Distributed `<t>` over all shards, which every reader
 * queries unchanged; views and every other statement (copies, renames, drops) act on the local tables, and a step that
 * copies only while its source is empty (`refusedWhenPopulated`). docs/cluster.md.
 */
export function clusterMigrations(migrations: readonly Migration[], placement: ClusterPlacement): Migration[] {
  const tables = createdTables(migrations);
  return migrations.map((migration) => {
    const statements = migration.statements.flatMap((statement) => {
      const local = renamed(statement, tables);
      const created = new RegExp(CREATED_TABLE.source).exec(statement)?.[1];
      return created === undefined ? [local] : clusterTable(local, created, placement);
    });
    const guard = migration.copiesFrom === undefined ? [] : [refusedWhenPopulated(renamed(migration.copiesFrom, tables))];
    return { ...migration, statements: [...guard, ...statements] };
  });
}
