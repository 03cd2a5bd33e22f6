import type { ClickHouseClient } from '@clickhouse/client';
import type { ProcessUsage } from '@govmetrics/devkit';
import { orderedUsage, readMetricTotals } from '@govmetrics/devkit';
import { readConsumerLag } from '@govmetrics/metrics';
import type { Admin, Producer } from 'kafkajs';
import type { Watched } from './machine-sample';
import { benchCpuSeconds, cpuBetween, loadNow, readUsages } from './machine-sample';
import type { ReadTimes } from './scoring-reads';
import { scoringReadTimes } from './scoring-reads';

/** Generated and sent per chunk: a 10 M stream is never held whole. */
const CHUNK = 50_000;
const PER_SEND = 5_000;
/** How long the scoring service may take, after the projector counted the step, to have handled every announcement. */
const SCORING_CATCH_UP_MS = 600_000;

const RECOMPUTES = 'govmetrics_scoring_recompute_duration_seconds_count';
const RECOMPUTE_SECONDS = 'govmetrics_scoring_recompute_duration_seconds_sum';
const SNAPSHOTS = 'govmetrics_scoring_snapshots_total';
const SCORING_METRICS = [RECOMPUTES, RECOMPUTE_SECONDS, SNAPSHOTS] as const;
export type ScoringTotals = Record<(typeof SCORING_METRICS)[number], number>;

export interface GrowthRun {
  producer: Producer;
  admin: Admin;
  clickhouse: ClickHouseClient;
  topic: string;
  total: number;
  pids: Partial<Record<Watched, number>>;
  scoring: { metricsUrl: string; groupId: string; announcements: string };
}

/** What one step of the stream did, read at its checkpoint. */
export interface StepFigures {
  rows: number;
  events: number;
  /** From the step's first send (backlog mode: from starting the projector) until `usage_events` held every event. */
  seconds: number;
  sendSeconds: number;
  /** After the projector counted the step, until the scoring group had no announcement left to handle (NaN: not within 10 minutes). */
  scoringBehindSeconds: number;
  /** What the scoring service did in the step: batches of announcements handled, seconds spent on them, snapshots published. */
  scoring: { recomputes: number; recomputeSeconds: number; snapshots: number };
  /** Two of A1's reads timed at the checkpoint, after the step (nothing else of the run querying). */
  reads: ReadTimes;
  memory: Partial<Record<'projector' | 'scoring', ProcessUsage>>;
  cpu: Partial<Record<Watched | 'bench', number>>;
  load: number;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function rowsIn(clickhouse: ClickHouseClient): Promise<number> {
  const [row] = await (await clickhouse.query({ query: 'SELECT count() AS n FROM usage_events', format: 'JSONEachRow' })).json<{ n: string }>();
  return Number(row?.n ?? 0);
}

async function send(run: GrowthRun, from: number, to: number): Promise<void> {
  for (let first = from; first < to; first += CHUNK) {
    const chunk = orderedUsage(first, Math.min(CHUNK, to - first), run.total);
    for (let i = 0; i < chunk.length; i += PER_SEND)
      await run.producer.send({ topic: run.topic, acks: -1, messages: chunk.slice(i, i + PER_SEND).map(({ key, value }) => ({ key, value })) });
  }
}

async function untilRows(clickhouse: ClickHouseClient, rows: number): Promise<void> {
  while ((await rowsIn(clickhouse)) < rows) await sleep(500);
}

/**
 * Seconds until the scoring group has committed every announcement so far; NaN past the bound, so that a service that
 * fell far behind shows in the table instead of ending the run.
 */
async function untilScoringCaughtUp(run: GrowthRun): Promise<number> {
  const began = Date.now();
  const target = { groupId: run.scoring.groupId, topics: [run.scoring.announcements] };
  while ((await readConsumerLag(run.admin, target)).some(({ lag }) => lag > 0)) {
    if (Date.now() - began > SCORING_CATCH_UP_MS) return NaN;
    await sleep(500);
  }
  return (Date.now() - began) / 1000;
}

const scoringTotals = (run: GrowthRun): Promise<ScoringTotals> => readMetricTotals(run.scoring.metricsUrl, SCORING_METRICS);

/**
 * Backlog mode: the projector is stopped while the step is sent and started again after it, so that the step times the
 * projector alone (from its start, process start-up included) instead of at the rate one producer on the same cores offers.
 */
export interface Backlog {
  stop(): Promise<void>;
  /** Starts it again and resolves with the new process's pid once it is ready. */
  start(): Promise<number | undefined>;
}

type Baseline = { usage: ReturnType<typeof readUsages>; bench: number };
const baseline = (run: GrowthRun): Baseline => ({ usage: readUsages(run.pids), bench: benchCpuSeconds() });

/** Sends the step; in backlog mode with the projector stopped, then starts it and measures from there. */
async function sendStep(run: GrowthRun, from: number, to: number, backlog?: Backlog): Promise<{ began: number; sendSeconds: number; before: Baseline }> {
  if (backlog) await backlog.stop();
  const sending = { began: Date.now(), before: baseline(run) };
  await send(run, from, to);
  const sendSeconds = (Date.now() - sending.began) / 1000;
  if (!backlog) return { ...sending, sendSeconds };
  const [began, before] = [Date.now(), baseline(run)];
  run.pids.projector = await backlog.start();
  // A process started in the step: all of its CPU is the step's.
  return { began, sendSeconds, before: { ...before, usage: { ...before.usage, projector: { rssKiB: 0, peakKiB: 0, cpuSeconds: 0 } } } };
}

/** Streams events `from` to `to - 1`, waits until the projector and then the scoring service have handled them all, and reads the figures. */
export async function growthStep(run: GrowthRun, from: number, to: number, backlog?: Backlog): Promise<StepFigures> {
  const scoringBefore = await scoringTotals(run);
  const { began, sendSeconds, before } = await sendStep(run, from, to, backlog);
  await untilRows(run.clickhouse, to);
  const seconds = (Date.now() - began) / 1000;
  const scoringBehindSeconds = await untilScoringCaughtUp(run);
  const [usageAfter, scoringAfter] = [readUsages(run.pids), await scoringTotals(run)];
  const reads = await scoringReadTimes(run.clickhouse);
  return {
    rows: await rowsIn(run.clickhouse),
    events: to - from,
    seconds,
    sendSeconds,
    scoringBehindSeconds,
    scoring: {
      recomputes: scoringAfter[RECOMPUTES] - scoringBefore[RECOMPUTES],
      recomputeSeconds: scoringAfter[RECOMPUTE_SECONDS] - scoringBefore[RECOMPUTE_SECONDS],
      snapshots: scoringAfter[SNAPSHOTS] - scoringBefore[SNAPSHOTS],
    },
    reads,
    memory: { projector: usageAfter.projector, scoring: usageAfter.scoring },
    cpu: { ...cpuBetween(before.usage, usageAfter), bench: benchCpuSeconds() - before.bench },
    load: loadNow(),
  };
}
