import type { ClickHouseClient } from '@clickhouse/client';
import type { ProcessUsage } from '@govmetrics/devkit';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { Watched } from './machine-sample';
import { cpuBetween, loadNow, readUsages } from './machine-sample';

const WORKSPACE_ROOT = resolve(__dirname, '../..');

export interface RebuildFigures {
  replayed: number;
  /** From the start of the CLI until its fresh tables existed: node and the CLI loading, the quarantine read. */
  startSeconds: number;
  /** From the start of the CLI until the fresh `usage_events` held every event. */
  replaySeconds: number;
  /** Until the CLI exited: the replay, then both databases' checksums. */
  seconds: number;
  identical: boolean;
  exitCode: number | null;
  /** The CLI's last reading before it exited: its peak (VmHWM) is the replay's. */
  memory?: ProcessUsage;
  cpu: Partial<Record<Watched, number>>;
  load: number;
  stdout: string;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Rows of the rebuilt `usage_events`, or -1 while the CLI has not made the table yet. */
async function rebuiltRows(clickhouse: ClickHouseClient, database: string): Promise<number> {
  // ClickHouse 18.16 has no query parameters; the name is the bench's own (letters, digits, underscores).
  const query = `SELECT (SELECT count() FROM system.tables WHERE database = '${database}' AND name = 'usage_events') AS made,
                        (SELECT sum(rows) FROM system.parts WHERE database = '${database}' AND table = 'usage_events' AND active) AS n`;
  const [row] = await (await clickhouse.query({ query, format: 'JSONEachRow' })).json<{ made: string; n: string }>();
  return Number(row?.made ?? 0) > 0 ? Number(row?.n ?? 0) : -1;
}

function startRebuild(target: string, env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'tools/cli/src/main.ts', 'rebuild', target], {
    cwd: WORKSPACE_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  return { child, output: () => stdout, exited: new Promise((done) => child.on('exit', (code) => done(code))) };
}

/** Readings every 500 ms until the CLI exits: the last one taken while it ran, and when its tables appeared and filled. */
async function watchRebuild(clickhouse: ClickHouseClient, target: string, events: number, watched: Partial<Record<Watched, number>>, exited: Promise<unknown>) {
  const began = Date.now();
  const seen = { last: readUsages(watched), startSeconds: NaN, replaySeconds: NaN };
  let running = true;
  void exited.then(() => (running = false));
  while (running) {
    const [now, rows, at] = [readUsages(watched), await rebuiltRows(clickhouse, target), (Date.now() - began) / 1000];
    if (now.rebuild) seen.last = now;
    if (Number.isNaN(seen.startSeconds) && rows >= 0) seen.startSeconds = at;
    if (Number.isNaN(seen.replaySeconds) && rows >= events) seen.replaySeconds = at;
    await sleep(500);
  }
  // A replay that ended between two readings is timed by the exit: an upper bound.
  if (Number.isNaN(seen.replaySeconds) && (await rebuiltRows(clickhouse, target)) >= events) seen.replaySeconds = (Date.now() - began) / 1000;
  return seen;
}

/**
 * Runs `rebuild TARGET` (tools/cli) as its own node process against the live database named by `env`, and reads how long
 * the replay took, how long the whole command took, its checksum verdict and the CPU it and the servers used meanwhile.
 */
export async function runRebuild(
  clickhouse: ClickHouseClient,
  target: string,
  events: number,
  env: Record<string, string>,
  pids: Partial<Record<Watched, number>>,
): Promise<RebuildFigures> {
  const began = Date.now();
  const { child, output, exited } = startRebuild(target, env);
  const watched = { ...pids, rebuild: child.pid };
  const before = readUsages(watched);
  const { last, startSeconds, replaySeconds } = await watchRebuild(clickhouse, target, events, watched, exited);
  const stdout = output();
  return {
    replayed: Number(/replayed (\d+) records/.exec(stdout)?.[1] ?? NaN),
    startSeconds,
    replaySeconds,
    seconds: (Date.now() - began) / 1000,
    identical: stdout.includes('identical: the rebuilt read model equals the live one'),
    exitCode: await exited,
    memory: last.rebuild,
    cpu: cpuBetween(before, last),
    load: loadNow(),
    stdout,
  };
}
