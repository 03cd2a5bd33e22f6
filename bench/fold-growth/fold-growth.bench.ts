/**
 * The fold's time per batch as `usage_events` grows, the layouts side by side in one run, on a private ClickHouse 18.16:
 * - by-id: the table ordered by (source, event_id) and the look-up keyed on it (before migration 3, the baseline);
 * - by-time-8192: ordered by (source, event_time, event_id), the look-up keyed on that tuple within the batch's time
 *   range (migration 3);
 * - by-time-1024: the same in granules of 1,024 rows (migration 4, the current layout).
 * At each size the table is filled (INSERT … SELECT generated on the server, views detached meanwhile), merges are given
 * time to settle, then BENCH_FOLDS batches of BENCH_BATCH new random ids are staged and folded with the views attached,
 * as the projector folds them: live batches (times in one of the year's last hours, a new one each) and backfills
 * (times over the year).
 * Each fold is paired with the same fold into an empty table of the same layout just before it: on a shared machine
 * the load changes by the minute, and the ratio of the pair is the figure that survives it; the granules each fold
 * selected (the server's SelectedMarks) are the figure the load cannot move.
 * Run: node -r @swc-node/register bench/fold-growth/fold-growth.bench.ts   (BENCH_LAYOUTS, default all three; BENCH_KINDS, live,backfill)
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
const KINDS = (['live', 'backfill'] as const).filter((kind) => (process.env.BENCH_KINDS ?? 'live,backfill').split(',').includes(kind));

interface Layout {
  name: 'by-id' | 'by-time-8192' | 'by-time-1024';
  migrations: readonly Migration[];
  fold: (range: BatchRange) => string;
  /** Rows of usage_events per granule (index_granularity). */
  granule: number;
  client?: ClickHouseClient;
  /** An empty twin of the layout's database, folded into between the measured folds. */
  control?: ClickHouseClient;
  filled: number;
  folded: number;
}

const ALL_LAYOUTS: Layout[] = [
  { name: 'by-id', migrations: BY_ID_MIGRATIONS, fold: byIdFoldStatement, granule: 8192, filled: 0, folded: 0 },
  { name: 'by-time-8192', migrations: USAGE_MIGRATIONS.filter((migration) => migration.version < 4), fold: foldStatement, granule: 8192, filled: 0, folded: 0 },
  { name: 'by-time-1024', migrations: USAGE_MIGRATIONS, fold: foldStatement, granule: 1024, filled: 0, folded: 0 },
];
const LAYOUTS = ALL_LAYOUTS.filter((layout) => (process.env.BENCH_LAYOUTS ?? 'by-id,by-time-8192,by-time-1024').split(',').includes(layout.name));

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
  const views = await (
    await client.query({ query: "SELECT name FROM system.tables WHERE database = currentDatabase() AND engine = 'MaterializedView'", format: 'JSONEachRow' })
  ).json<{ name: string }>();
  for (const { name } of views) await client.command({ query: `DROP TABLE ${name}` });
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

/** Granules (marks) and parts the server has selected for reading so far: ProfileEvents, this server's alone. */
async function selected(client: ClickHouseClient): Promise<{ marks: number; parts: number }> {
  const rows = await (
    await client.query({ query: `SELECT event, value FROM system.events WHERE event IN ('SelectedMarks', 'SelectedParts')`, format: 'JSONEachRow' })
  ).json<{ event: string; value: string }>();
  const value = (event: string) => Number(rows.find((row) => row.event === event)?.value ?? 0);
  return { marks: value('SelectedMarks'), parts: value('SelectedParts') };
}

interface Fold {
  seconds: number;
  /** Granules the fold selected, in staging and usage_events: what its look-ups cost in reads, whatever the load. */
  marks: number;
}

/** Stages one batch of new ids and folds it; the fold alone, timed and its granules counted, after checking it inserted every event. */
async function foldOnce(client: ClickHouseClient, layout: Layout, kind: BatchKind): Promise<Fold> {
  const ordinal = layout.folded++;
  const partition = 1000 + ordinal;
  const staged = generatedRows(`batch-${partition}`, 0, BATCH, batchTimes(kind, ordinal), String(partition));
  await client.command({ query: `INSERT INTO usage_events_staging (${USAGE_EVENT_COLUMNS}) ${staged}` });
  const before = await scalar(client, 'SELECT count() AS n FROM usage_events');
  const selectedBefore = await selected(client);
  const started = process.hrtime.bigint();
  await client.command({ query: layout.fold({ partition, firstOffset: '0', lastOffset: String(BATCH - 1) }) });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const marks = (await selected(client)).marks - selectedBefore.marks;
  const inserted = (await scalar(client, 'SELECT count() AS n FROM usage_events')) - before;
  if (inserted !== BATCH) throw new Error(`${layout.name} fold of partition ${partition} inserted ${inserted} rows, not ${BATCH}`);
  return { seconds, marks };
}

/** The same batch shape folded into the layout's empty twin just before, so each ratio compares folds under the same load. */
async function foldIntoEmpty(layout: Layout, kind: BatchKind): Promise<Fold> {
  const control = layout.control as ClickHouseClient;
  const fold = await foldOnce(control, layout, kind);
  for (const table of ['usage_events', 'usage_events_staging']) await control.command({ query: `TRUNCATE TABLE ${table}` });
  return fold;
}

interface Pair {
  sized: Fold[];
  empty: Fold[];
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
      const seconds = (folds: Fold[]) => folds.map((fold) => fold.seconds.toFixed(2)).join(', ');
      const marks = (folds: Fold[]) => folds.map((fold) => fold.marks).join(', ');
      log(`${layout.name} ${kind} at ${size} rows: ${seconds(pair.sized)} s (empty table: ${seconds(pair.empty)} s)`);
      log(`${layout.name} ${kind} at ${size} rows: ${marks(pair.sized)} granules (empty table: ${marks(pair.empty)})`);
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
  const columns = LAYOUTS.flatMap((layout) => KINDS.map((kind) => ({ layout, kind, name: `${layout.name} ${kind}` })));
  // Both folds of a pair read the same staged batch; the granules the sized one selected beyond it are usage_events'.
  const cell = (pair: Pair | undefined, layout: Layout) => {
    if (!pair) return '';
    const [sized, empty] = [median(pair.sized.map((fold) => fold.seconds)), median(pair.empty.map((fold) => fold.seconds))];
    const lookedUp = median(pair.sized.map((fold) => fold.marks)) - median(pair.empty.map((fold) => fold.marks));
    return `**${sized.toFixed(2)} s** / ${empty.toFixed(2)} s = ${(sized / empty).toFixed(1)}×; ${(lookedUp * layout.granule).toLocaleString('en-US')} rows`;
  };
  const lines = [
    `| rows in usage_events | ${columns.map((c) => c.name).join(' | ')} | load (1/5/15 min) |`,
    `|---:|${columns.map(() => '---:').join('|')}|---|`,
  ];
  for (const [size, row] of figures) {
    lines.push(`| ${size.toLocaleString('en-US')} | ${columns.map((c) => cell(row.cells[c.name], c.layout)).join(' | ')} | ${row.load} |`);
  }
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
      const database = `fold_${layout.name.replaceAll('-', '_')}`;
      layout.client = await connect(server, database, layout.migrations);
      layout.control = await connect(server, `${database}_empty`, layout.migrations);
    }
    for (const size of SIZES) await measure(size, figures);
  } finally {
    console.log(`fold of ${BATCH.toLocaleString('en-US')} new events: median of ${FOLDS} at the size / median of ${FOLDS} into an empty table, interleaved;`);
    console.log(`rows: usage_events' rows in the granules the look-up selected (the median fold's granules beyond the empty table's)\n`);
    console.log(table(figures));
    for (const layout of LAYOUTS) await Promise.all([layout.client?.close(), layout.control?.close()]);
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
