// HTTP ingest throughput beside raw kafkajs producers writing the same events to the same broker, in one run.
// Run: node -r @swc-node/register bench/ingest/ingest.bench.ts [--batches 30] [--rounds 3] [--concurrency 4]
import type { UsageEvent } from '@govmetrics/contracts';
import { usageEventKey } from '@govmetrics/contracts';
import { Pipeline, usageEvent } from '@govmetrics/devkit';
import { createKafka, ensureTopics } from '@govmetrics/kafka';
import type { Kafka, Producer } from 'kafkajs';
import { CompressionTypes } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { batches: { type: 'string' }, rounds: { type: 'string' }, concurrency: { type: 'string' } } });
const BATCH = 1000;
const BATCHES = Number(values.batches ?? 30);
const ROUNDS = Number(values.rounds ?? 3);
const CONCURRENCY = Number(values.concurrency ?? 4);
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const AGENCIES = ['moph', 'mof', 'moi', 'moe', 'dga', 'mot', 'mol', 'mnre', 'mict', 'opm', 'moc', 'mfa'];

type Path = 'http' | 'raw-idempotent' | 'raw-transactional';

const makeBatches = (): UsageEvent[][] =>
  Array.from({ length: BATCHES }, (_, b) =>
    Array.from({ length: BATCH }, (_, n) =>
      usageEvent({ agency: AGENCIES[(b * BATCH + n) % AGENCIES.length] as string, value: n, dimensions: { service: `svc-${n % 9}` } }, { time: '2021-03-01T10:00:00+07:00' }),
    ),
  );

/** Sends every batch with `CONCURRENCY` workers; returns events per second. */
async function timed(batches: UsageEvent[][], sendOne: (batch: UsageEvent[], worker: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      while (next < batches.length) await sendOne(batches[next++] as UsageEvent[], worker);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return (batches.length * BATCH) / seconds;
}

const messagesOf = (batch: UsageEvent[]) => batch.map((event) => ({ key: usageEventKey(event), value: JSON.stringify(event) }));

async function main(): Promise<void> {
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
  const idempotent: Producer[] = Array.from({ length: CONCURRENCY }, () => kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false }));
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

  const results: Record<Path, number[]> = { http: [], 'raw-idempotent': [], 'raw-transactional': [] };
  try {
    for (const path of Object.keys(paths) as Path[]) await timed(makeBatches(), paths[path]); // warm-up round: JIT, connections, PostgreSQL pages
    for (let round = 1; round <= ROUNDS; round += 1) {
      const batches = makeBatches(); // the same events for every path of a round; fresh ids so HTTP never answers `duplicate`
      for (const path of Object.keys(paths) as Path[]) {
        results[path].push(await timed(batches, paths[path]));
        console.log(`round ${round} ${path.padEnd(18)} ${Math.round(results[path].at(-1) as number)} events/s`);
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
  writeResults(results);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

function writeResults(results: Record<Path, number[]>): void {
  const http = median(results.http);
  const raw = median(results['raw-idempotent']);
  const txn = median(results['raw-transactional']);
  const row = (path: Path, what: string) => `| ${what} | ${Math.round(median(results[path]))} | ${results[path].map(Math.round).join(', ')} |`;
  const text = `# Ingest throughput

Measured ${new Date().toISOString()} on ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB,
Node ${process.version}, against the shared single-node Kafka 4.1 broker on 127.0.0.1:9092 and PostgreSQL 15.
**The machine was shared** with four other engineers' builds and tests while this ran: absolute figures are noisy;
the ratio is the point, since every path ran in the same run, interleaved, on the same broker and the same events.

Workload: ${ROUNDS} rounds × ${BATCHES} batches × ${BATCH} events (GDX api_calls, 12 agencies → spread over the 6 partitions),
${CONCURRENCY} concurrent senders per path after one unmeasured warm-up round, JSON events of about ${JSON.stringify(makeBatches()[0]?.[0]).length} bytes. Median of the rounds.

| path | events/s (median) | per round |
|---|---|---|
${row('http', 'HTTP \`POST /v1/events\` (validation, PII scan, PostgreSQL dedup lookup + record, one Kafka transaction per batch)')}
${row('raw-idempotent', 'raw kafkajs idempotent producers (one per sender), \`acks: -1\`, one \`send\` per batch')}
${row('raw-transactional', 'raw kafkajs transactional producers (one per sender), one transaction per batch')}

- **HTTP / raw idempotent producer: ${(http / raw).toFixed(2)}** (aim ≥ 0.50)
- HTTP / raw transactional producer: ${(http / txn).toFixed(2)}
- Cost of transactions on the raw producer (transactional / idempotent): ${(txn / raw).toFixed(2)}

Rerun: \`node -r @swc-node/register bench/ingest/ingest.bench.ts [--batches 30] [--rounds 3] [--concurrency 4]\`
(needs the local servers: \`bash infra/local/up.sh\`); it rewrites this file.
`;
  writeFileSync(resolve(__dirname, 'RESULTS.md'), text);
  console.log(text);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
