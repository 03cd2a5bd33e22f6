/**
 * The same pipeline from an empty table to BENCH_TOTAL events (default 10 M): the real projector and scoring service as
 * processes on a topic, database and ledger of the run's own, the topic filled in steps (checkpoints at a tenth, a fifth,
 * half and all of the total: 1, 2, 5 and 10 M), and at each checkpoint the rows in `usage_events`, the step's events/s
 * through the projector, both processes' memory (VmRSS now, VmHWM peak) and what the scoring service did on the growing
 * data. Then `rebuild` replays the whole topic into a fresh database and compares checksums with the live one.
 * Run: node -r @swc-node/register bench/pipeline-growth/pipeline-growth.bench.ts   (BENCH_TOTAL, BENCH_MODE=live|backlog)
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseConfigSchema, connectClickHouse } from '@govmetrics/clickhouse';
import { Pipeline, removeRunState } from '@govmetrics/devkit';
import { createKafka, KafkaConfigSchema } from '@govmetrics/kafka';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import type { Backlog, GrowthRun, StepFigures } from './growth-step';
import { growthStep } from './growth-step';
import { checkpointTable, cpuTable, rebuildTable } from './growth-table';
import { loadNow, serverPids } from './machine-sample';
import { runRebuild } from './rebuild-run';

const TOTAL = Number(process.env.BENCH_TOTAL ?? 10_000_000);
/** `live` (default): the projector consumes while the step is sent; `backlog`: it is stopped meanwhile (`Backlog`). */
const MODE = process.env.BENCH_MODE ?? 'live';
const CHECKPOINTS = [0.1, 0.2, 0.5, 1].map((share) => Math.round(share * TOTAL));
const runId = `growth_${randomBytes(4).toString('hex')}`;
const rebuilt = `${runId}_rebuilt`;
/** The events lie in FY2564: scored as of its last day, each batch moves indicator A1 (`orderedUsage`). */
const AS_OF = '2021-09-30';
const log = (line: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${line}`);

async function openRun(pipeline: Pipeline): Promise<{ run: GrowthRun; close: () => Promise<void> }> {
  const env = pipeline.env;
  const kafka = createKafka(KafkaConfigSchema.parse({ ...process.env, KAFKA_CLIENT_ID: `bench-${runId}` }));
  const [producer, admin] = [kafka.producer({ idempotent: true, maxInFlightRequests: 1 }), kafka.admin()];
  await Promise.all([producer.connect(), admin.connect()]);
  const clickhouse: ClickHouseClient = await connectClickHouse(ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: runId }));
  const run: GrowthRun = {
    producer,
    admin,
    clickhouse,
    topic: env.USAGE_EVENTS_TOPIC as string,
    total: TOTAL,
    pids: { projector: pipeline.service('projector').pid, scoring: pipeline.service('scoring').pid, ...serverPids() },
    scoring: { metricsUrl: pipeline.metricsUrl('scoring'), groupId: env.SCORING_GROUP_ID as string, announcements: env.AGGREGATES_CHANGED_TOPIC as string },
  };
  const close = async () => {
    await Promise.allSettled([producer.disconnect(), admin.disconnect(), clickhouse.close()]);
  };
  return { run, close };
}

async function partitionsOf(run: GrowthRun): Promise<number> {
  return (await run.admin.fetchTopicOffsets(run.topic)).length;
}

function backlogOf(pipeline: Pipeline): Backlog | undefined {
  if (MODE === 'live') return undefined;
  if (MODE !== 'backlog') throw new Error(`BENCH_MODE must be live or backlog, got "${MODE}"`);
  return {
    stop: async () => void (await pipeline.service('projector').stop()),
    start: async () => {
      await pipeline.restart('projector');
      return pipeline.service('projector').pid;
    },
  };
}

async function measure(pipeline: Pipeline): Promise<void> {
  const { run, close } = await openRun(pipeline);
  const backlog = backlogOf(pipeline);
  try {
    const machine = `${cpus().length} cores, load ${loadNow().toFixed(1)}`;
    log(`run ${runId} (${MODE}): ${TOTAL.toLocaleString('en-US')} events on ${await partitionsOf(run)} partitions, ${machine}`);
    const steps: StepFigures[] = [];
    for (const [i, upTo] of CHECKPOINTS.entries()) {
      const step = await growthStep(run, CHECKPOINTS[i - 1] ?? 0, upTo, backlog);
      steps.push(step);
      log(`checkpoint ${upTo}: ${JSON.stringify(step)}`);
    }
    log(`rebuild into ${rebuilt}`);
    const rebuild = await runRebuild(run.clickhouse, rebuilt, TOTAL, { ...pipeline.env, CLICKHOUSE_DATABASE: runId }, serverPids());
    log(`rebuild: ${JSON.stringify({ ...rebuild, stdout: undefined })}\n${rebuild.stdout}`);
    const cores = cpus().length;
    console.log(['', ...checkpointTable(steps), '', ...cpuTable(steps, cores), '', ...rebuildTable(rebuild, cores)].join('\n'));
  } finally {
    await close();
  }
}

let cleaning: Promise<void> | undefined;
/** Once, however the run ends: the rebuilt database and the rebuild's group, then the pipeline's processes and everything of its run. */
function cleanUp(pipeline: Pipeline): Promise<void> {
  cleaning ??= removeRunState({ topics: [], groups: [`rebuild-${rebuilt}`], clickhouseDatabase: rebuilt }).finally(() => pipeline.stop());
  return cleaning;
}

async function main(): Promise<void> {
  const pipeline = await Pipeline.start({ runId, services: ['projector', 'scoring'], env: { SCORING_AS_OF: AS_OF }, readyTimeoutMs: 180_000 });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanUp(pipeline).finally(() => process.exit(130)));
  try {
    await measure(pipeline);
  } finally {
    await cleanUp(pipeline);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
