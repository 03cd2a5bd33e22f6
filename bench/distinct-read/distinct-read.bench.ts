/**
 * A1's distinct read (Tang Rat's active users over FY2564) before and after migration 5, side by side in one run, as
 * usage_events grows (default 1 M, then 10 M rows): before, the reader's scan of the raw events (raw-distinct.sql.ts);
 * after, ClickHouseAggregateReader over usage_daily_entities. The single value (what the scoring service reads) and the
 * running read (foresight's), each the median of BENCH_READS after a warm-up, before and after alternating; the answers
 * are compared. The rows are generated on the server (growth-rows.ts) into a database of the run's own on the shared
 * ClickHouse (CLICKHOUSE_URL), dropped after, also on a failure or Ctrl-C.
 * Then as many rows again of the year before (BENCH_PAST_YEAR_ROWS, default the largest size; 0 for none): the table
 * doubles, the fiscal year A1 reads does not. Last, what usage_daily_entities_mv adds to a fold (fold-cost.ts).
 * Run: node -r @swc-node/register bench/distinct-read/distinct-read.bench.ts
 *      (BENCH_SIZES, default 1000000,10000000; BENCH_READS 5; BENCH_FOLDS 5)
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseAggregateReader, ClickHouseConfigSchema, connectClickHouse, migrate, USAGE_MIGRATIONS } from '@govmetrics/clickhouse';
import type { MetricQuery } from '@govmetrics/scoring';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { foldCost } from './fold-cost';
import { growthRows } from './growth-rows';
import { rawDistinctSql, rawRunningDistinctSql } from './raw-distinct.sql';
import { serverCosts } from './server-costs';

const SIZES = (process.env.BENCH_SIZES ?? '1000000,10000000').split(',').map(Number);
const READS = Number(process.env.BENCH_READS ?? 5);
const FOLDS = Number(process.env.BENCH_FOLDS ?? 5);
const TOTAL = Math.max(...SIZES);
/** Then the same stream a year earlier, which A1's FY2564 range does not read: the table grows, the year does not. */
const PAST_YEAR_ROWS = Number(process.env.BENCH_PAST_YEAR_ROWS ?? TOTAL);
const FILL_CHUNK = 1_000_000;
const A1_DISTINCT: MetricQuery = { platform: 'tangrat', metric: 'active_users', statistic: 'distinct', fromDay: '2020-10-01', toDay: '2021-09-30' };
const BACK_FILL = USAGE_MIGRATIONS.find((migration) => migration.version === 5)?.statements.find((statement) => statement.startsWith('INSERT')) as string;

const log = (line: string) => console.error(`${new Date().toISOString().slice(11, 19)} ${line}`);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const began = performance.now();
  const result = await work();
  return { ms: performance.now() - began, result };
}

async function rows<T>(client: ClickHouseClient, query: string): Promise<T[]> {
  return (await client.query({ query, format: 'JSONEachRow' })).json<T>();
}

const count = async (client: ClickHouseClient, table: string) =>
  Number((await rows<{ n: string }>(client, `SELECT toString(count()) AS n FROM ${table}`))[0]?.n);

/** The old running read's rows as the reader maps them: one value per day of the range, null before the first event. */
function perDay(answer: { day: string; value: string; events: string }[]): (number | null)[] {
  const byDay = new Map(answer.map((row) => [row.day, Number(row.value)]));
  const days: (number | null)[] = [];
  for (let at = Date.parse(A1_DISTINCT.fromDay); at <= Date.parse(A1_DISTINCT.toDay); at += 86_400_000) {
    days.push(byDay.get(new Date(at).toISOString().slice(0, 10)) ?? null);
  }
  return days;
}

/** Each query of the client under an id of its own, logged by the server: what it cost ClickHouse is read after. */
class LoggedClient {
  readonly ids: string[] = [];
  constructor(
    private readonly client: ClickHouseClient,
    private readonly prefix: string,
  ) {}

  query(params: Parameters<ClickHouseClient['query']>[0]): ReturnType<ClickHouseClient['query']> {
    const query_id = `${this.prefix}-${this.ids.length}`;
    this.ids.push(query_id);
    return this.client.query({ ...params, query_id, clickhouse_settings: { ...params.clickhouse_settings, log_queries: 1 } });
  }
}

interface Figures {
  wallMs: number;
  cpuMs: number;
  rows: number;
}

type Kind = 'single' | 'running';
type Side = 'raw' | 'entities';

/**
 * Before (raw) and after (entities), alternating, READS times each after one warm-up of each: medians of the wall
 * time the client saw and of ClickHouse's CPU, the rows read, and whether the raw and the new answers agree.
 */
async function reads(client: ClickHouseClient, prefix: string): Promise<{ figures: Record<Kind, Record<Side, Figures>>; same: boolean; value: number | null }> {
  const logged = new LoggedClient(client, prefix);
  // The reader's own SQL, sent through the logging client: the proxy has the one method the reader calls.
  const reader = new ClickHouseAggregateReader(logged as unknown as ClickHouseClient);
  const run: Record<Kind, Record<Side, () => Promise<unknown>>> = {
    single: { raw: () => rows(logged as unknown as ClickHouseClient, rawDistinctSql(A1_DISTINCT)), entities: () => reader.read(A1_DISTINCT) },
    running: {
      raw: () => rows(logged as unknown as ClickHouseClient, rawRunningDistinctSql(A1_DISTINCT)),
      entities: () => reader.readRunning(A1_DISTINCT),
    },
  };
  const samples: { kind: Kind; side: Side; ms: number; id: string }[] = [];
  const answers = new Map<string, unknown>();
  for (let round = 0; round <= READS; round++) {
    for (const kind of ['single', 'running'] as const) {
      for (const side of ['raw', 'entities'] as const) {
        const { ms, result } = await timed(run[kind][side]);
        if (round === 0) answers.set(`${kind}/${side}`, result);
        else samples.push({ kind, side, ms, id: logged.ids.at(-1) as string });
      }
    }
  }
  const costs = await serverCosts(
    client,
    samples.map((sample) => sample.id),
  );
  const of = (kind: Kind, side: Side): Figures => {
    const mine = samples.filter((sample) => sample.kind === kind && sample.side === side);
    return {
      wallMs: median(mine.map((sample) => sample.ms)),
      cpuMs: median(mine.map((sample) => costs.get(sample.id)?.cpuMs ?? NaN)),
      rows: median(mine.map((sample) => costs.get(sample.id)?.rows ?? NaN)),
    };
  };
  const single = answers.get('single/entities') as number | null;
  const rawRunning = answers.get('running/raw') as { day: string; value: string; events: string }[];
  const same =
    Number((answers.get('single/raw') as { value: string }[])[0]?.value) === single &&
    JSON.stringify(perDay(rawRunning)) === JSON.stringify(answers.get('running/entities'));
  return {
    figures: {
      single: { raw: of('single', 'raw'), entities: of('single', 'entities') },
      running: { raw: of('running', 'raw'), entities: of('running', 'entities') },
    },
    same,
    value: single,
  };
}

/** Rows `from` to `to - 1` of the stream, in chunks; `pastYear`: the same stream a year earlier, outside A1's range. */
async function fill(client: ClickHouseClient, from: number, to: number, pastYear = false): Promise<number> {
  const { ms } = await timed(async () => {
    for (let at = from; at < to; at += FILL_CHUNK) await client.command({ query: growthRows(at, Math.min(FILL_CHUNK, to - at), TOTAL, pastYear) });
  });
  return ms / 1000;
}

const row = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
const int = (n: number) => Math.round(n).toLocaleString('en-US');

const HEADER = [
  'rows in usage_events',
  'rows in usage_daily_entities',
  'fill s',
  'A1 distinct, wall ms: raw / entities',
  'ClickHouse CPU ms: raw / entities',
  'rows read: raw / entities',
  'running read, wall ms: raw / entities',
  'ClickHouse CPU ms: raw / entities',
  'same answers',
  'A1 value',
  '1-min load',
];

/** One line of the table: both reads at the table's current size. */
async function measured(client: ClickHouseClient, queryIds: string, rowsLabel: string, fillS: number): Promise<string> {
  const { figures, same, value } = await reads(client, queryIds);
  const pair = (kind: Kind, figure: keyof Figures) => `${int(figures[kind].raw[figure])} / ${int(figures[kind].entities[figure])}`;
  const line = row([
    rowsLabel,
    int(await count(client, 'usage_daily_entities')),
    fillS.toFixed(1),
    pair('single', 'wallMs'),
    pair('single', 'cpuMs'),
    pair('single', 'rows'),
    pair('running', 'wallMs'),
    pair('running', 'cpuMs'),
    same ? 'yes' : 'NO',
    String(value),
    loadavg()[0]?.toFixed(1) ?? '–',
  ]);
  log(line);
  return line;
}

async function main(client: ClickHouseClient, database: string): Promise<void> {
  // The fill is history: the hourly and daily aggregates are not read here, so their views would only slow it.
  await migrate(
    client,
    USAGE_MIGRATIONS.filter((migration) => migration.version <= 4),
  );
  for (const view of ['usage_hourly_mv', 'usage_daily_mv']) await client.command({ query: `DROP TABLE ${view}` });
  const lines = [row(HEADER), row(HEADER.map(() => '---'))];
  const notes: string[] = [];
  let filled = 0;
  for (const size of SIZES) {
    const fillS = await fill(client, filled, size);
    if (filled === 0) {
      const { ms } = await timed(() => migrate(client, USAGE_MIGRATIONS));
      notes.push(`migration 5 (table, view, back-fill) on ${int(size)} rows: ${(ms / 1000).toFixed(1)} s`);
    }
    filled = size;
    log(`filled ${int(size)} rows in ${fillS.toFixed(1)} s; reading`);
    lines.push(await measured(client, `${database}-${size}`, int(size), fillS));
  }
  if (PAST_YEAR_ROWS > 0) {
    const fillS = await fill(client, 0, PAST_YEAR_ROWS, true);
    log(`filled ${int(PAST_YEAR_ROWS)} rows of the year before in ${fillS.toFixed(1)} s; reading`);
    lines.push(await measured(client, `${database}-past`, `${int(filled + PAST_YEAR_ROWS)} (${int(PAST_YEAR_ROWS)} of FY2563)`, fillS));
    filled += PAST_YEAR_ROWS;
  }
  const { ms } = await timed(() => client.command({ query: BACK_FILL }));
  notes.push(`its back-fill statement again on ${int(filled)} rows (idempotent): ${(ms / 1000).toFixed(1)} s`);
  const fold = await foldCost(client, `${database}-fold`, FOLDS);
  notes.push(
    `a fold of ${int(fold.events)} new events, ClickHouse CPU (median of ${FOLDS}): ${int(fold.without)} ms with the hourly and daily views, ` +
      `${int(fold.with)} ms with usage_daily_entities_mv as well`,
  );
  console.log([...lines, '', ...notes].join('\n'));
}

async function run(): Promise<void> {
  const config = ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: `bench_distinct_${randomBytes(4).toString('hex')}` });
  const client = await connectClickHouse(config);
  const drop = () => client.command({ query: `DROP DATABASE IF EXISTS ${config.CLICKHOUSE_DATABASE}` });
  process.once('SIGINT', () => void drop().finally(() => process.exit(130)));
  log(`database ${config.CLICKHOUSE_DATABASE}, sizes ${SIZES.map(int).join(', ')}`);
  try {
    await main(client, config.CLICKHOUSE_DATABASE);
  } finally {
    await drop();
    await client.close();
  }
}

run().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
