// HTTP ingest throughput beside raw kafkajs producers writing the same events to the same broker, in one run.
// Run: node -r @swc-node/register bench/ingest/ingest.bench.ts [--runs 3] [--batches 30] [--rounds 3] [--concurrency 4]
import type { UsageEvent } from '@govmetrics/contracts';
import { usageEventKey } from '@govmetrics/contracts';
import { Pipeline, usageEvent } from '@govmetrics/devkit';
import { createKafka, ensureTopics } from '@govmetrics/kafka';
import type { Kafka, Producer } from 'kafkajs';
import { CompressionTypes } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { batches: { type: 'string' }, rounds: { type: 'string' }, concurrency: { type: 'string' }, runs: { type: 'string' } },
});
const BATCH = 1000;
const HISTORY_MARKER = '<!-- history: dated comparisons below are kept by the bench -->';
const BATCHES = Number(values.batches ?? 30);
const ROUNDS = Number(values.rounds ?? 3);
const CONCURRENCY = Number(values.concurrency ?? 4);
const RUNS = Number(values.runs ?? 3);
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const AGENCIES = ['moph', 'mof', 'moi', 'moe', 'dga', 'mot', 'mol', 'mnre', 'mict', 'opm', 'moc', 'mfa'];

type Path = 'http' | 'raw-idempotent' | 'raw-transactional';
type Process = 'sender' | 'ingest' | 'broker' | 'postgres';
interface RoundResult {
  eventsPerSecond: number;
  /** CPU time per event in microseconds, by process: on a shared 2-core machine, the figure that explains the ratio. */
  cpuMicrosPerEvent: Record<Process, number>;
}

/** user + system CPU seconds of a process so far (Linux /proc; fields 14 and 15 after the command name, in clock ticks). */
function cpuSecondsOf(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Processes whose command line matches (read-only: their CPU counters): the shared broker's JVM, PostgreSQL's processes. */
function pidsWhere(matches: (command: string[]) => boolean): number[] {
  return readdirSync('/proc')
    .filter((name) => /^[0-9]+$/.test(name))
    .filter((entry) => {
      try {
        return matches(readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0'));
      } catch {
        return false; // the process ended meanwhile
      }
    })
    .map(Number);
}

const brokerPids = () => pidsWhere((command) => (command[0]?.endsWith('java') ?? false) && command.includes('kafka.Kafka'));
const postgresPids = () => pidsWhere((command) => /(^|\/)postgres(:|$)/.test(command[0] ?? ''));
const cpuSecondsOfAll = (pids: number[]) => pids.reduce((sum, pid) => sum + (cpuSecondsOf(pid) || 0), 0);

const makeBatches = (): UsageEvent[][] =>
  Array.from({ length: BATCHES }, (_, b) =>
    Array.from({ length: BATCH }, (_, n) =>
      usageEvent(
        { agency: AGENCIES[(b * BATCH + n) % AGENCIES.length] as string, value: n, dimensions: { service: `svc-${n % 9}` } },
        { time: '2021-03-01T10:00:00+07:00' },
      ),
    ),
  );

/** Sends every batch with `CONCURRENCY` workers; returns events per second and the CPU each process spent per event. */
async function timed(
  batches: UsageEvent[][],
  sendOne: (batch: UsageEvent[], worker: number) => Promise<void>,
  ingestPid: number | undefined,
): Promise<RoundResult> {
  let next = 0;
  // PostgreSQL backends come and go (other engineers' tests): the ones alive at the start are counted.
  const pids = { broker: brokerPids(), postgres: postgresPids() };
  const cpuBefore = {
    sender: process.cpuUsage(),
    ingest: cpuSecondsOf(ingestPid),
    broker: cpuSecondsOfAll(pids.broker),
    postgres: cpuSecondsOfAll(pids.postgres),
  };
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      while (next < batches.length) await sendOne(batches[next++] as UsageEvent[], worker);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const events = batches.length * BATCH;
  const sender = process.cpuUsage(cpuBefore.sender);
  const perEvent = (cpuSeconds: number) => (cpuSeconds * 1e6) / events;
  return {
    eventsPerSecond: events / seconds,
    cpuMicrosPerEvent: {
      sender: perEvent((sender.user + sender.system) / 1e6),
      ingest: perEvent(cpuSecondsOf(ingestPid) - cpuBefore.ingest),
      broker: perEvent(cpuSecondsOfAll(pids.broker) - cpuBefore.broker),
      postgres: perEvent(cpuSecondsOfAll(pids.postgres) - cpuBefore.postgres),
    },
  };
}

const messagesOf = (batch: UsageEvent[]) => batch.map((event) => ({ key: usageEventKey(event), value: JSON.stringify(event) }));

type RunResults = Record<Path, RoundResult[]>;

/** One independent run: its own topics, ingest process and producers. */
async function measureOnce(runNumber: number): Promise<RunResults> {
  const run = `bench_${randomBytes(4).toString('hex')}`;
  const kafka: Kafka = createKafka({ KAFKA_BROKERS: BROKERS, KAFKA_CLIENT_ID: 'bench-ingest' });
  const rawTopic = `usage.events.${run}.raw`;
  await ensureTopics(kafka, [{ topic: rawTopic, partitions: 6 }]);
  const pipeline = await Pipeline.start({
    runId: run,
    services: ['ingest'],
    env: { RATE_LIMIT_EVENTS_PER_SECOND: '10000000', RATE_LIMIT_BURST: '10000000', RAW_INTAKE_ENABLED: 'false', INGEST_PRODUCERS: String(CONCURRENCY) },
  });
  // One producer per sender on every path, as the ingest keeps one transactional producer per request in flight.
  const idempotent: Producer[] = Array.from({ length: CONCURRENCY }, () =>
    kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false }),
  );
  const transactional: Producer[] = Array.from({ length: CONCURRENCY }, (_, n) =>
    kafka.producer({ transactionalId: `${run}-raw-${n}`, idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false }),
  );
  await Promise.all([...idempotent, ...transactional].map((producer) => producer.connect()));

  const paths: Record<Path, (batch: UsageEvent[], worker: number) => Promise<void>> = {
    http: async (batch) => {
      const response = await fetch(`${pipeline.ingestUrl}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...pipeline.authHeaders('gdx') },
        body: JSON.stringify(batch),
      });
      const answer = (await response.json()) as { accepted: number };
      if (response.status !== 200 || answer.accepted !== batch.length) throw new Error(`HTTP ${response.status}: ${JSON.stringify(answer).slice(0, 300)}`);
    },
    'raw-idempotent': async (batch, worker) => {
      await (idempotent[worker] as Producer).send({ topic: rawTopic, acks: -1, compression: CompressionTypes.None, messages: messagesOf(batch) });
    },
    'raw-transactional': async (batch, worker) => {
      const transaction = await (transactional[worker] as Producer).transaction();
      await transaction.send({ topic: rawTopic, compression: CompressionTypes.None, messages: messagesOf(batch) });
      await transaction.commit();
    },
  };

  const ingestPid = pipeline.services.find((service) => service.name === 'ingest')?.pid;
  const results: RunResults = { http: [], 'raw-idempotent': [], 'raw-transactional': [] };
  try {
    for (const path of Object.keys(paths) as Path[]) await timed(makeBatches(), paths[path], ingestPid); // warm-up round: JIT, connections, PostgreSQL pages
    for (let round = 1; round <= ROUNDS; round += 1) {
      const batches = makeBatches(); // the same events for every path of a round; fresh ids so HTTP never answers `duplicate`
      for (const path of Object.keys(paths) as Path[]) {
        const result = await timed(batches, paths[path], ingestPid);
        results[path].push(result);
        const cpu = Object.entries(result.cpuMicrosPerEvent)
          .map(([name, micros]) => `${name} ${micros.toFixed(1)}`)
          .join(', ');
        console.log(`run ${runNumber} round ${round} ${path.padEnd(18)} ${Math.round(result.eventsPerSecond)} events/s; CPU µs/event: ${cpu}`);
      }
    }
  } finally {
    await Promise.all([...idempotent, ...transactional].map((producer) => producer.disconnect()));
    await pipeline.stop();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [rawTopic, pipeline.env.USAGE_EVENTS_TOPIC as string] }).catch(() => undefined);
    await admin.disconnect();
  }
  return results;
}

async function main(): Promise<void> {
  const runs: RunResults[] = [];
  for (let run = 1; run <= RUNS; run += 1) runs.push(await measureOnce(run));
  writeResults(runs);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const rate = (results: RunResults, path: Path) => median(results[path].map((round) => round.eventsPerSecond));
const cpuOf = (results: RunResults, path: Path, process: Process) => median(results[path].map((round) => round.cpuMicrosPerEvent[process]));

const PATHS: Record<Path, string> = {
  http: 'HTTP `POST /v1/events` (validation, PII scan, PostgreSQL dedup record, one Kafka transaction per batch)',
  'raw-idempotent': 'raw kafkajs idempotent producers (one per sender), `acks: -1`, one `send` per batch',
  'raw-transactional': 'raw kafkajs transactional producers (one per sender), one transaction per batch',
};

function writeResults(runs: RunResults[]): void {
  const ratios = runs.map((results) => rate(results, 'http') / rate(results, 'raw-idempotent'));
  const txnRatios = runs.map((results) => rate(results, 'http') / rate(results, 'raw-transactional'));
  const spread = (xs: number[]) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;
  const throughputRows = (Object.keys(PATHS) as Path[])
    .map(
      (path) =>
        `| ${PATHS[path]} | ` +
        runs
          .map((results) => `${Math.round(rate(results, path))} (${results[path].map((round) => Math.round(round.eventsPerSecond)).join(', ')})`)
          .join(' | ') +
        ' |',
    )
    .join('\n');
  const cpuRows = (Object.keys(PATHS) as Path[])
    .map((path) => {
      // The ingest process and PostgreSQL serve only the HTTP path: their columns count only there.
      const cells = (['sender', 'ingest', 'broker', 'postgres'] as Process[]).map((process) =>
        path !== 'http' && (process === 'ingest' || process === 'postgres') ? undefined : median(runs.map((results) => cpuOf(results, path, process))),
      );
      const total = cells.reduce<number>((sum, micros) => sum + (micros ?? 0), 0);
      return `| ${path} | ${cells.map((micros) => (micros === undefined ? '–' : micros.toFixed(1))).join(' | ')} | ${total.toFixed(1)} |`;
    })
    .join('\n');
  const text =
    `# Ingest throughput

Latest run: ${new Date().toISOString()}, load average ${loadavg()
      .map((load) => load.toFixed(1))
      .join(' / ')} (1 / 5 / 15 min) at the end, on ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB,
Node ${process.version}${process.env.NODE_OPTIONS ? ` with \`NODE_OPTIONS=${process.env.NODE_OPTIONS}\` (the bench and the ingest it starts)` : ''}` +
    `, against the shared single-node Kafka 4.1 broker on 127.0.0.1:9092 and PostgreSQL 15.
Whatever else ran on the machine shows in that load average (the bench's own processes alone load it to about 4):
absolute figures are noisy; the ratio is the point, since every path ran in the same run, interleaved, on the same
broker and the same events.

Workload: ${RUNS} independent runs (each its own ingest process and topics) × ${ROUNDS} rounds × ${BATCHES} batches × ${BATCH} events
(GDX api_calls, 12 agencies → spread over the 6 partitions), ${CONCURRENCY} concurrent senders per path after one unmeasured
warm-up round, JSON events of about ${JSON.stringify(makeBatches()[0]?.[0]).length} bytes.

## Ratio

- **HTTP / raw idempotent producer: ${median(ratios).toFixed(2)}** median of ${RUNS} runs, spread ${spread(ratios)} (aim ≥ 0.50)
- HTTP / raw transactional producer: ${median(txnRatios).toFixed(2)}, spread ${spread(txnRatios)}

## Events per second: median of each run's rounds (the rounds in brackets)

| path | ${runs.map((_, run) => `run ${run + 1}`).join(' | ')} |
|---|${runs.map(() => '---|').join('')}
${throughputRows}

## CPU per event (µs, median over runs of the round medians)

Read from \`process.cpuUsage()\` (the bench process, which is the sender) and \`/proc/<pid>/stat\` (the ingest process, the
broker's JVM, every PostgreSQL process) around each round. On two shared cores these, not the wall-clock rates, say what each
path costs. The broker and PostgreSQL serve the other engineers too: their columns include some of that.

| path | sender | ingest | broker | postgres | total |
|---|---|---|---|---|---|
${cpuRows}

Rerun: \`node -r @swc-node/register bench/ingest/ingest.bench.ts [--runs 3] [--batches 30] [--rounds 3] [--concurrency 4]\`
(needs the local servers: \`bash infra/local/up.sh\`); it rewrites this file above the history, which it keeps.

`;
  const file = resolve(__dirname, 'RESULTS.md');
  // Dated comparisons written by hand (before/after a change) live below the marker and survive reruns.
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const history = previous.includes(HISTORY_MARKER) ? previous.slice(previous.indexOf(HISTORY_MARKER)) : `${HISTORY_MARKER}\n`;
  writeFileSync(file, text + history);
  console.log(text);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
