/**
 * The fold's time per batch as `usage_events` grows, both layouts side by side in one run, on a private ClickHouse 18.16:
 * - by-id: the table ordered by (source, event_id) and the look-up keyed on it (before migration 3, the baseline);
 * - by-time: ordered by (source, event_time, event_id), the look-up keyed on that tuple within the batch's time range.
 * At each size the table is filled (INSERT … SELECT generated on the server, views detached meanwhile), merges are given
 * time to settle, then BENCH_FOLDS batches of BENCH_BATCH new random ids are staged and folded with the views attached,
 * as the projector folds them: live batches (times in the last hour of the year) and backfills (times over the year).
 * Each fold is paired with the same fold into an empty table of the same layout just before it: on a shared machine
 * the load changes by the minute, and the ratio of the pair is the figure that survives it.
 * Run: node -r @swc-node/register bench/fold-growth/fold-growth.bench.ts
 *      (BENCH_SIZES, default 0,10000000,30000000,100000000; BENCH_BATCH 50000; BENCH_FOLDS 3; BENCH_MERGE_WAIT_S 300)
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Migration } from '@govmetrics/clickhouse';
import { ClickHouseConfigSchema, connectClickHouse, foldStatement, migrate, USAGE_EVENT_COLUMNS, USAGE_MIGRATIONS } from '@govmetrics/clickhouse';
import type { BatchRange } from '@govmetrics/projection';
import { loadavg } from 'node:os';
import { BenchClickHouse } from './bench-clickhouse';
import { BY_ID_MIGRATIONS, byIdFoldStatement } from './by-id-fold';
import type { BatchKind } from './generated-rows';
import { batchTimes, generatedRows, HISTORY } from './generated-rows';

const SIZES = (process.env.BENCH_SIZES ?? '0,10000000,30000000,100000000').split(',').map(Number);
const BATCH = Number(process.env.BENCH_BATCH ?? 50_000);
const FOLDS = Number(process.env.BENCH_FOLDS ?? 3);
const MERGE_WAIT_S = Number(process.env.BENCH_MERGE_WAIT_S ?? 300);
const FILL_CHUNK = 10_000_000;
const KINDS: BatchKind[] = ['live', 'backfill'];

interface Layout {
  name: 'by-id' | 'by-time';
  migrations: readonly Migration[];
  fold: (range: BatchRange) => string;
  client?: ClickHouseClient;
  /** An empty twin of the layout's database, folded into between the measured folds. */
  control?: ClickHouseClient;
  filled: number;
  folded: number;
}

const LAYOUTS: Layout[] = [
  { name: 'by-id', migrations: BY_ID_MIGRATIONS, fold: byIdFoldStatement, filled: 0, folded: 0 },
  { name: 'by-time', migrations: USAGE_MIGRATIONS, fold: foldStatement, filled: 0, folded: 0 },
];

const log = (line: string) => console.error(`${new Date().toISOString().slice(11, 19)} ${line}`);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function scalar(client: ClickHouseClient, query: string): Promise<number> {
  const [row] = await (await client.query({ query, format: 'JSONEachRow' })).json<{ n: string | number }>();
  return Number(row?.n ?? 0);
}

const viewStatements = (layout: Layout) => layout.migrations.flatMap((m) => m.statements).filter((s) => s.includes('CREATE MATERIALIZED VIEW'));

/** Fills `usage_events` up to `size` rows with the views dropped (the fill is history, not a fold), then re-creates them. */
async function fill(layout: Layout, size: number): Promise<void> {
  const client = layout.client as ClickHouseClient;
  if (size <= layout.filled) return;
  const started = Date.now();
  for (const view of ['usage_hourly_mv', 'usage_daily_mv']) await client.command({ query: `DROP TABLE IF EXISTS ${view}` });
  for (let from = layout.filled; from < size; from += FILL_CHUNK) {
    const count = Math.min(FILL_CHUNK, size - from);
    await client.command({ query: `INSERT INTO usage_events (${USAGE_EVENT_COLUMNS}) ${generatedRows('history', from, count, HISTORY, 'number % 12')}` });
  }
  for (const view of viewStatements(layout)) await client.command({ query: view });
  const seconds = (Date.now() - started) / 1000;
  log(`${layout.name}: filled ${size - layout.filled} rows in ${seconds.toFixed(0)} s (${Math.round((size - layout.filled) / seconds)} rows/s)`);
  layout.filled = size;
}

async function settle(layout: Layout): Promise<string> {
  const client = layout.client as ClickHouseClient;
  const deadline = Date.now() + MERGE_WAIT_S * 1000;
  let merges = await scalar(client, `SELECT count() AS n FROM system.merges WHERE database = currentDatabase()`);
  while (merges > 0 && Date.now() < deadline) {
    await sleep(5000);
    merges = await scalar(client, `SELECT count() AS n FROM system.merges WHERE database = currentDatabase()`);
  }
  const [parts] = await (
    await client.query({
      query: `SELECT count() AS parts, sum(bytes_on_disk) AS disk
              FROM system.parts WHERE database = currentDatabase() AND table = 'usage_events' AND active`,
      format: 'JSONEachRow',
    })
  ).json<{ parts: string; disk: string }>();
  const mib = (bytes?: string) => (Number(bytes ?? 0) / 2 ** 20).toFixed(1);
  return `${parts?.parts} parts, ${mib(parts?.disk)} MiB on disk${merges > 0 ? `, ${merges} merges still running` : ''}`;
}

/** Stages one batch of new ids and folds it; the seconds of the fold alone, after checking it inserted every event. */
async function foldOnce(client: ClickHouseClient, layout: Layout, kind: BatchKind): Promise<number> {
  const partition = 1000 + layout.folded++;
  await client.command({
    query: `INSERT INTO usage_events_staging (${USAGE_EVENT_COLUMNS}) ${generatedRows(`batch-${partition}`, 0, BATCH, batchTimes(kind), String(partition))}`,
  });
  const before = await scalar(client, 'SELECT count() AS n FROM usage_events');
  const started = process.hrtime.bigint();
  await client.command({ query: layout.fold({ partition, firstOffset: '0', lastOffset: String(BATCH - 1) }) });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const inserted = (await scalar(client, 'SELECT count() AS n FROM usage_events')) - before;
  if (inserted !== BATCH) throw new Error(`${layout.name} fold of partition ${partition} inserted ${inserted} rows, not ${BATCH}`);
  return seconds;
}

/** The same batch shape folded into the layout's empty twin just before, so each ratio compares folds under the same load. */
async function foldIntoEmpty(layout: Layout, kind: BatchKind): Promise<number> {
  const control = layout.control as ClickHouseClient;
  const seconds = await foldOnce(control, layout, kind);
  for (const table of ['usage_events', 'usage_events_staging']) await control.command({ query: `TRUNCATE TABLE ${table}` });
  return seconds;
}

interface Pair {
  sized: number[];
  empty: number[];
}
type Figures = { load: string; cells: Record<string, Pair> };

async function measure(size: number, figures: Map<number, Figures>): Promise<void> {
  const cells: Record<string, Pair> = {};
  for (const layout of LAYOUTS) {
    await fill(layout, size);
    log(`${layout.name} at ${size} rows: ${await settle(layout)}`);
    for (const kind of KINDS) {
      const pair: Pair = { sized: [], empty: [] };
      for (let i = 0; i < FOLDS; i++) {
        pair.empty.push(await foldIntoEmpty(layout, kind));
        pair.sized.push(await foldOnce(layout.client as ClickHouseClient, layout, kind));
      }
      cells[`${layout.name} ${kind}`] = pair;
      const seconds = (times: number[]) => times.map((t) => t.toFixed(2)).join(', ');
      log(`${layout.name} ${kind} at ${size} rows: ${seconds(pair.sized)} s (empty table: ${seconds(pair.empty)} s)`);
    }
  }
  figures.set(size, {
    load: loadavg()
      .map((l) => l.toFixed(1))
      .join(' / '),
    cells,
  });
}

function table(figures: Map<number, Figures>): string {
  const columns = LAYOUTS.flatMap((layout) => KINDS.map((kind) => `${layout.name} ${kind}`));
  const cell = (pair: Pair | undefined) =>
    pair ? `**${median(pair.sized).toFixed(2)} s** / ${median(pair.empty).toFixed(2)} s = ${(median(pair.sized) / median(pair.empty)).toFixed(1)}×` : '';
  const lines = [`| rows in usage_events | ${columns.join(' | ')} | load (1/5/15 min) |`, `|---:|${columns.map(() => '---:').join('|')}|---|`];
  for (const [size, row] of figures) lines.push(`| ${size.toLocaleString('en-US')} | ${columns.map((c) => cell(row.cells[c])).join(' | ')} | ${row.load} |`);
  return lines.join('\n');
}

async function connect(server: BenchClickHouse, database: string, migrations: readonly Migration[]): Promise<ClickHouseClient> {
  const config = { CLICKHOUSE_URL: server.url, CLICKHOUSE_DATABASE: database, CLICKHOUSE_REQUEST_TIMEOUT_MS: '7200000' };
  const client = await connectClickHouse(ClickHouseConfigSchema.parse(config));
  await migrate(client, migrations);
  return client;
}

async function main(): Promise<void> {
  const server = await BenchClickHouse.start();
  const stop = () => void server.stop().finally(() => process.exit(130));
  process.once('SIGINT', stop).once('SIGTERM', stop);
  const figures = new Map<number, Figures>();
  try {
    for (const layout of LAYOUTS) {
      const database = `fold_${layout.name.replace('-', '_')}`;
      layout.client = await connect(server, database, layout.migrations);
      layout.control = await connect(server, `${database}_empty`, layout.migrations);
    }
    for (const size of SIZES) await measure(size, figures);
  } finally {
    console.log(`fold of ${BATCH.toLocaleString('en-US')} new events: median of ${FOLDS} at the size / median of ${FOLDS} into an empty table, interleaved\n`);
    console.log(table(figures));
    for (const layout of LAYOUTS) await Promise.all([layout.client?.close(), layout.control?.close()]);
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
