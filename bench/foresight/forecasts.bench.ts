// GET /v1/forecasts: the request's time as of 2021-04-01 and 2021-09-30 over the FY2564 demo year, through the gateway's
// own auditor module (in process) on real ClickHouse and PostgreSQL, and, with --baseline DIR, the same requests answered
// by the code checked out in DIR (a worktree of main before the change) on the same data, in the same run.
// Run: node -r @swc-node/register bench/foresight/forecasts.bench.ts [--samples 3] [--baseline /tmp/main-worktree]
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ClickHouseConfigSchema, ClickHouseUsageBatchSink, connectClickHouse, migrate, USAGE_MIGRATIONS } from '@govmetrics/clickhouse';
import { generateFy2564 } from '@govmetrics/demo-data';
import { openLedgerStore } from '@govmetrics/event-store-adapters';
import { createTestDatabase } from '@govmetrics/event-store-adapters/testing';
import { importCatalog, Ledger } from '@govmetrics/ledger';
import { toProjectedEvent } from '@govmetrics/projection';
import { parseAttestations, parseCatalog } from '@govmetrics/scoring';
import { AuditorModule } from '../../services/gateway/src/auditor/auditor.module';
import { LedgerSource } from '../../services/gateway/src/auditor/ledger-source';
import { measuredOn } from '../latency-table';

const DAYS = ['2021-04-01', '2021-09-30'];
const CATALOG = resolve(__dirname, '../../catalogs/dga-fy2564.yaml');
const HERE = 'bench/foresight/forecasts.bench.ts';

/** Per day: each request's milliseconds, and the sha256 of the answer (the same numbers give the same digest). */
type Timings = Record<string, { ms: number[]; digest: string }>;

const { values } = parseArgs({
  options: { samples: { type: 'string' }, baseline: { type: 'string' }, measure: { type: 'string' }, ledger: { type: 'string' } },
});
const SAMPLES = Number(values.samples ?? 3);

/** The requests, timed one after the other against the gateway's auditor module over `database` and the ledger at `ledgerUrl`. */
async function measure(database: string, ledgerUrl: string): Promise<Timings> {
  const clickhouse = await connectClickHouse(ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: database }));
  const ledger = new LedgerSource(ledgerUrl, openLedgerStore);
  const app = await NestFactory.create<NestFastifyApplication>(AuditorModule.forRoot(ledger, clickhouse, process.env), new FastifyAdapter(), { logger: false });
  await app.listen(0, '127.0.0.1');
  const base = await app.getUrl();
  const timings: Timings = {};
  try {
    for (const day of DAYS) {
      const ms: number[] = [];
      let digest = '';
      for (let i = 0; i < SAMPLES; i += 1) {
        const started = performance.now();
        const response = await fetch(`${base}/v1/forecasts?catalog=dga-fy2564&as-of=${day}`);
        const body = await response.text();
        ms.push(performance.now() - started);
        if (response.status !== 200) throw new Error(`GET /v1/forecasts as of ${day} answered ${response.status}: ${body.slice(0, 300)}`);
        digest = createHash('sha256').update(body).digest('hex');
      }
      timings[day] = { ms, digest };
    }
  } finally {
    await app.close();
    await ledger.close();
    await clickhouse.close();
  }
  return timings;
}

/** A fresh ClickHouse database holding the FY2564 demo year, and a fresh ledger holding its catalog; `drop` removes both. */
async function prepare(): Promise<{ database: string; ledgerUrl: string; drop(): Promise<void> }> {
  const database = `bench_forecasts_${randomBytes(6).toString('hex')}`;
  const clickhouse = await connectClickHouse(ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: database }));
  const ledgerDb = await createTestDatabase('bench_forecasts');
  const drop = async () => {
    await clickhouse.command({ query: `DROP DATABASE IF EXISTS ${database}` });
    await clickhouse.close();
    await ledgerDb.drop();
  };
  try {
    await migrate(clickhouse, USAGE_MIGRATIONS);
    const events = generateFy2564();
    const sink = new ClickHouseUsageBatchSink(clickhouse, { database });
    await sink.write(
      { partition: 0, firstOffset: '0', lastOffset: String(events.length - 1) },
      events.map((event, i) => toProjectedEvent(event, 0, String(i))),
    );
    const store = await openLedgerStore(ledgerDb.url);
    const attested = CATALOG.replace(/\.yaml$/, '.attested.yaml');
    const catalog = parseCatalog(readFileSync(CATALOG, 'utf8'), CATALOG);
    await importCatalog(new Ledger(store), catalog, parseAttestations(readFileSync(attested, 'utf8'), attested).attestations, { who: 'bench', why: 'bench' });
    await store.close();
  } catch (error) {
    await drop();
    throw error;
  }
  return { database, ledgerUrl: ledgerDb.url, drop };
}

/** The same requests answered by the code in `dir`: this file is copied there and run there, in measuring mode. */
function measureIn(dir: string, database: string, ledgerUrl: string): Timings {
  const target = join(dir, HERE);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(__filename, target);
  const args = ['-r', '@swc-node/register', HERE, '--measure', database, '--ledger', ledgerUrl, '--samples', String(SAMPLES)];
  const out = execFileSync(process.execPath, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Timings;
}

const median = (ms: number[]) => [...ms].sort((a, b) => a - b)[Math.floor((ms.length - 1) / 2)] ?? NaN;
const cell = (ms: number[] | undefined) => (ms ? `${(median(ms) / 1000).toFixed(2)} (${ms.map((n) => (n / 1000).toFixed(2)).join(', ')})` : '—');

function report(after: Timings, before: Timings | undefined): string {
  const rows = DAYS.map((day) => {
    const same = before ? (before[day]?.digest === after[day]?.digest ? 'yes' : 'NO') : '—';
    return `| ${day} | ${cell(before?.[day]?.ms)} | ${cell(after[day]?.ms)} | ${same} |`;
  });
  return `# GET /v1/forecasts

${measuredOn()}

Workload: the FY2564 demo year (51,119 events) in a fresh ClickHouse database, the FY2564 catalog in a fresh PostgreSQL
ledger; the gateway's auditor module (in process, the same controller the gateway serves) answers
\`GET /v1/forecasts?catalog=dga-fy2564&as-of=DAY\`, ${SAMPLES} requests per day, one after the other. *Before*: the code before
the change (one ClickHouse query per day of the period so far and input), run from a worktree of main on the same data in
the same run; *after*: one query per input over the whole range, grouped by day. *Same answer*: the two answers' bodies
have the same sha256.

| as of | before: median s (each request) | after: median s (each request) | same answer |
|---|---|---|---|
${rows.join('\n')}

Rerun: \`node -r @swc-node/register ${HERE} [--samples 3] [--baseline DIR]\` (needs the local ClickHouse and PostgreSQL;
DIR: a checkout of the code to compare with, e.g. \`git worktree add /tmp/main main\` with node_modules linked); it rewrites
this file.
`;
}

async function main(): Promise<void> {
  if (values.measure !== undefined) {
    console.log(JSON.stringify(await measure(values.measure, values.ledger ?? '')));
    return;
  }
  const data = await prepare();
  try {
    const before = values.baseline === undefined ? undefined : measureIn(resolve(values.baseline), data.database, data.ledgerUrl);
    const after = await measure(data.database, data.ledgerUrl);
    const text = report(after, before);
    writeFileSync(resolve(__dirname, 'RESULTS.md'), text);
    console.log(text);
  } finally {
    await data.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
