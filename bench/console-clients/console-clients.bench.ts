// 200 console clients watching live aggregates while 2,000 events/s flow, beside one client in the same run: from
// the ingest's 200 for a batch to each client's SSE update that includes it, and the ClickHouse reads the streams cause;
// first at a baseline rate, then under load, in one run, with the machine's load sampled during each.
// Two gateways of one pipeline run (same topics and database) follow the same announcements: one serves a single
// client, the other 200, each through its own counting proxy to ClickHouse.
// Run: node -r @swc-node/register bench/console-clients/console-clients.bench.ts [--seconds 30] [--clients 200] [--rate 2000]
//      [--baseline-seconds 15] [--baseline-rate 100]
import { Pipeline, ServerSentEvents } from '@govmetrics/devkit';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { measuredOn } from '../latency-table';
import { clientLatencies } from './client-latency';
import { CountingProxy, type QueryCounts } from './counting-proxy';
import { PacedSender } from './paced-sender';
import { describeLoad, LoadSampler, type LoadSeen } from './load-sampler';
import { groupRow, GROUP_HEADER, type GroupResult, SUMMARY_HEADER, summaryRow } from './results-table';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string' },
    clients: { type: 'string' },
    rate: { type: 'string' },
    'baseline-seconds': { type: 'string' },
    'baseline-rate': { type: 'string' },
  },
});
const SECONDS = Number(values.seconds ?? 30);
const CLIENTS = Number(values.clients ?? 200);
const RATE = Number(values.rate ?? 2000);
/** The baseline: one batch a second, the same streams and processes, just before the load. */
const BASELINE_SECONDS = Number(values['baseline-seconds'] ?? 15);
const BASELINE_RATE = Number(values['baseline-rate'] ?? 100);
const BATCH_SIZE = 100;
const AGENCIES = ['moph', 'mof', 'moi', 'moe', 'mol'] as const;
const FILTER = 'platform=gdx&metric=api_calls';
const CATCH_UP_MS = 120_000;

interface Group {
  name: string;
  pipeline: Pipeline;
  proxy: CountingProxy;
  streams: ServerSentEvents[];
}

const cpuSeconds = async (pipeline: Pipeline): Promise<number> => {
  const text = await (await fetch(pipeline.metricsUrl('gateway'))).text();
  return Number(/^govmetrics_process_cpu_seconds_total(?:\{[^}]*\})? (\S+)$/m.exec(text)?.[1] ?? NaN);
};

async function openStreams(pipeline: Pipeline, count: number): Promise<ServerSentEvents[]> {
  const streams: ServerSentEvents[] = [];
  // Twenty at a time: the gateway's accept queue and the bench's own loop stay short.
  for (let opened = 0; opened < count; opened += 20) {
    const wave = Math.min(20, count - opened);
    const url = `${pipeline.gatewayUrl}/v1/aggregates/stream?${FILTER}`;
    streams.push(...(await Promise.all(Array.from({ length: wave }, () => ServerSentEvents.connect(url, pipeline.roleHeaders('operator'))))));
  }
  return streams;
}

/** Waits until every stream showed each agency's final count: every batch reached every client. */
async function caughtUp(streams: readonly ServerSentEvents[], sender: PacedSender): Promise<void> {
  const finals = new Map(sender.batches.map((batch) => [batch.agency, batch.countAfter]));
  for (const stream of streams)
    for (const [agency, count] of finals)
      await stream.until(
        (event) =>
          event.type === 'aggregate' &&
          (event.data as { agency: string; events: number }).agency === agency &&
          (event.data as { events: number }).events >= count,
        CATCH_UP_MS,
      );
}

async function startGroup(name: string, clients: number, runId?: string): Promise<Group> {
  const proxy = await CountingProxy.start(process.env.CLICKHOUSE_URL ?? 'http://127.0.0.1:8123');
  // The cap per client address is 20 by default; all bench clients share 127.0.0.1.
  const gatewayEnv = { CLICKHOUSE_URL: proxy.url, GATEWAY_STREAMS_PER_CLIENT: String(clients + 10) };
  const services = runId ? (['gateway'] as const) : (['ingest', 'projector', 'gateway'] as const);
  const pipeline = await Pipeline.start({ runId, services, serviceEnv: { gateway: gatewayEnv } }).catch(async (error: unknown) => {
    await proxy.stop();
    throw error;
  });
  return { name, pipeline, proxy, streams: await openStreams(pipeline, clients) };
}

/** One phase of the run: the same streams and processes, a rate for a time, and the machine's load meanwhile. */
interface Phase {
  name: string;
  rate: number;
  seconds: number;
  results: GroupResult[];
  /** Events the phase's batches carried, per second of sending. */
  sentPerSecond: number;
  load: LoadSeen;
}

async function measurePhase(groups: readonly Group[], sender: PacedSender, name: string, rate: number, seconds: number): Promise<Phase> {
  const allStreams = groups.flatMap((group) => group.streams);
  const firstMeasured = sender.batches.length;
  for (const group of groups) group.proxy.reset();
  const cpuBefore = await Promise.all(groups.map((group) => cpuSeconds(group.pipeline)));
  const sampler = new LoadSampler();
  const started = performance.now();
  await sender.run(rate / BATCH_SIZE, seconds);
  const sendingSeconds = (performance.now() - started) / 1000;
  await caughtUp(allStreams, sender);
  const windowSeconds = (performance.now() - started) / 1000;
  const load = sampler.stop();
  const counted: QueryCounts[] = groups.map((group) => group.proxy.reset());
  const cpuAfter = await Promise.all(groups.map((group) => cpuSeconds(group.pipeline)));
  const batches = sender.batches.slice(firstMeasured);
  const results = groups.map((group, i) => ({
    name: group.name,
    clients: group.streams.map((stream) => clientLatencies(stream.events, batches)),
    batches: batches.length,
    windowSeconds,
    counts: counted[i] as QueryCounts,
    gatewayCpuSeconds: (cpuAfter[i] as number) - (cpuBefore[i] as number),
  }));
  return { name, rate, seconds, results, sentPerSecond: (batches.length * BATCH_SIZE) / sendingSeconds, load };
}

/** Warm-up (not measured: every agency's bucket exists and every client has seen it), the baseline, then the load. */
async function measure(groups: readonly Group[], sender: PacedSender): Promise<Phase[]> {
  await Promise.all(AGENCIES.map((agency) => sender.post(agency)));
  await caughtUp(
    groups.flatMap((group) => group.streams),
    sender,
  );
  const baseline = await measurePhase(groups, sender, 'Baseline', BASELINE_RATE, BASELINE_SECONDS);
  const load = await measurePhase(groups, sender, 'Load', RATE, SECONDS);
  return [baseline, load];
}

async function main(): Promise<void> {
  const loadAtStart = loadavg()[0] ?? NaN;
  const groups: Group[] = [];
  let phases: Phase[] = [];
  try {
    groups.push(await startGroup('1 client', 1));
    const first = groups[0] as Group;
    groups.push(await startGroup(`${CLIENTS} clients`, CLIENTS, first.pipeline.runId));
    const sender = new PacedSender({
      ingestUrl: first.pipeline.ingestUrl,
      headers: first.pipeline.authHeaders('gdx'),
      agencies: AGENCIES,
      batchSize: BATCH_SIZE,
      eventTime: new Date(Date.now() - 60_000).toISOString(),
    });
    console.log(`run ${first.pipeline.runId}: ${CLIENTS + 1} streams open; baseline for ${BASELINE_SECONDS} s, then load for ${SECONDS} s`);
    phases = await measure(groups, sender);
  } finally {
    for (const group of groups) await Promise.all(group.streams.map((stream) => stream.close()));
    // The second gateway first: the last pipeline of the run to stop deletes its topics and database.
    for (const group of [...groups].reverse()) await group.pipeline.stop();
    for (const group of groups) await group.proxy.stop();
  }
  report(phases, loadAtStart);
}

const phaseSection = ({ name, rate, seconds, results, sentPerSecond, load }: Phase) => `### ${name}: ${rate.toLocaleString('en')} events/s for ${seconds} s

Achieved while sending: ${sentPerSecond.toFixed(0)} events/s of the ${rate.toLocaleString('en')} asked (each agency's next batch waits for the
ingest's answer to its last, so a slow ingest lowers the rate); measured window (first batch sent → last batch seen by every client)
${results[0]?.windowSeconds.toFixed(1) ?? '?'} s; the machine meanwhile: ${describeLoad(load)}.

${GROUP_HEADER}
${results.map(groupRow).join('\n')}
`;

function report(phases: readonly Phase[], loadAtStart: number): void {
  const [baseline, load] = phases;
  const summary = baseline && load ? load.results.map((result, i) => summaryRow(baseline.results[i] as GroupResult, result)).join('\n') : '';
  const text = `# Console clients: ${CLIENTS} live aggregate streams beside one, at ${RATE.toLocaleString('en')} events/s, against a baseline of the same run

${measuredOn()} The 1-minute load average was ${loadAtStart.toFixed(1)} when it started.

The machine is shared and cannot be made idle for a run, so each run measures its own baseline: the same processes and
the same ${CLIENTS + 1} open streams, first at ${BASELINE_RATE.toLocaleString('en')} events/s (one batch a second) for ${BASELINE_SECONDS} s,
then at ${RATE.toLocaleString('en')} events/s for ${SECONDS} s, with the machine's load sampled every second during each.
Read the load figures against the baseline's, not against another day's run.

Workload: a sender posts batches of ${BATCH_SIZE} GDX \`api_calls\` events to the real ingest over HTTP, round robin over
${AGENCIES.length} agencies (one batch in flight per agency), all on one Bangkok day. Ingest and projector run as processes
(tools/devkit Pipeline) with two gateways of the same run beside them, each following the projector's announcements with
its default settings (tick \`GATEWAY_AGGREGATE_TICK_MS\` 100 ms): one serves **1** client, the other **${CLIENTS}**, all on
\`GET /v1/aggregates/stream?${FILTER}\` with the operator's token (the stream the console's live board opens). A
sample is one (batch, client) pair: from the ingest's \`200\` for the batch to the client's first \`aggregate\` event for
the batch's bucket whose \`events\` count includes it. Before the baseline one batch per agency is sent and seen
by every client (not measured). The clients run in the bench's process, beside the sender.

ClickHouse queries are counted by a loopback proxy between each gateway and ClickHouse (\`counting-proxy.ts\`), by SQL
text: "bucket reads" are the streams' \`… FROM usage_daily WHERE (platform, metric, agency, day) IN …\`, "other" is
anything else the gateway sent (health, start-up); per second of each phase's window. \`system.query_log\` is not used:
\`log_queries\` is off on this server and the gateway's read-only ClickHouse user may not turn it on.

## Figures against the baseline

${SUMMARY_HEADER}
${summary}

## Each phase

${phases.map(phaseSection).join('\n')}
"The slowest client per batch" is, for each batch, the latest of the gateway's clients to show it: what the last screen
of the room saw. "The projector's announcement the update names" splits each sample into the pipeline's share (ingest,
Kafka, the projector's fold and its announcement at \`projectedAt\`, the projector's clock on this machine) and the
gateway's (following the announcement, waiting for its tick, one read, the SSE write, the client's parse). An update
names the newest announcement that touched its bucket before the read, so when a tick coalesced several, the split falls
at a later one: the row is an upper bound of the pipeline's share. A missed sample is a (batch, client) pair whose
update never came within ${CATCH_UP_MS / 1000} s (none expected: the run fails its catch-up wait instead).

Rerun: \`node -r @swc-node/register bench/console-clients/console-clients.bench.ts [--seconds 30] [--clients 200] [--rate 2000]
[--baseline-seconds 15] [--baseline-rate 100]\` (needs the local servers: \`bash infra/local/up.sh\`); it prints this text and
rewrites this file whole.
`;
  writeFileSync(resolve(__dirname, 'RESULTS.md'), text);
  console.log(text);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
