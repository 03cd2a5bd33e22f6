// Scoring latency: from an event that changes an indicator being accepted by the ingest (HTTP 200) to the new
// score on kpi.attainment.v1, beside its baseline in the same run: the same event's AggregatesChanged
// announcement by the projector (what the scoring service waits for before it can do anything).
// Run: node -r @swc-node/register bench/scoring/scoring-latency.bench.ts [--samples 200]
import type { AggregatesChanged, KpiAttainment } from '@govmetrics/contracts';
import { AggregatesChangedSchema, KpiAttainmentSchema } from '@govmetrics/contracts';
import { Pipeline, requestJson, TopicWatcher, usageEvent } from '@govmetrics/devkit';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { LATENCY_HEADER, latencyRow, measuredOn, slowTailNote } from '../latency-table';

const { values } = parseArgs({ options: { samples: { type: 'string' } } });
const SAMPLES = Number(values.samples ?? 200);
const WARM_UP = 3;

// One indicator that every GDX api_calls event moves: its actual is the running sum of the values sent.
const CATALOG = `version: 1
id: bench
name: Scoring latency bench
period: { kind: fiscal-year, year: 2564 }
scorecards:
  - id: S
    name: GDX calls
    aggregation: mean
    children:
      - { id: CALLS, name: GDX API calls, actual: { query: { platform: gdx, metric: api_calls, statistic: sum } }, target: 1000000000, method: { kind: ratio } }
`;

async function main(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'scoring-bench-'));
  const catalog = join(folder, 'bench.yaml');
  writeFileSync(catalog, CATALOG);
  writeFileSync(join(folder, 'none.yaml'), 'version: 1\nattestations: []\n');
  const pipeline = await Pipeline.start({
    services: ['ingest', 'projector', 'scoring'],
    env: { SCORING_CATALOG: catalog, SCORING_ATTESTATIONS: join(folder, 'none.yaml'), SCORING_AS_OF: '2021-09-30' },
  });
  const announced = await TopicWatcher.start<AggregatesChanged & { seenAt: number }>(pipeline.env.AGGREGATES_CHANGED_TOPIC!, (value) => ({
    ...AggregatesChangedSchema.parse(value),
    seenAt: performance.now(),
  }));
  const scored = await TopicWatcher.start<KpiAttainment & { seenAt: number }>(pipeline.env.KPI_ATTAINMENT_TOPIC!, (value) => ({
    ...KpiAttainmentSchema.parse(value),
    seenAt: performance.now(),
  }));
  const toAnnouncement: number[] = [];
  const toScore: number[] = [];
  const sentToScore: number[] = [];
  try {
    let sum = 0;
    for (let i = 0; i < WARM_UP + SAMPLES; i += 1) {
      const event = usageEvent({ platform: 'gdx', metric: 'api_calls', agency: 'dga', value: 1 }, { time: '2021-06-01T10:00:00+07:00' });
      const announcementsBefore = announced.messages.length;
      const sentAt = performance.now();
      const sent = await requestJson(`${pipeline.ingestUrl}/v1/events`, { body: [event], headers: pipeline.authHeaders('gdx') });
      const acceptedAt = performance.now();
      if (sent.status !== 200) throw new Error(`ingest answered ${sent.status}: ${JSON.stringify(sent.body)}`);
      sum += 1;
      const expected = sum;
      const score = await scored.until((message) => message.snapshot.scores.some((s) => s.indicatorId === 'CALLS' && s.actual === expected), 30_000);
      const announcement = announced.messages.slice(announcementsBefore).find((message) => message.touched.some((bucket) => bucket.platform === 'gdx'));
      if (i < WARM_UP) continue;
      toScore.push(score.seenAt - acceptedAt);
      sentToScore.push(score.seenAt - sentAt);
      if (announcement) toAnnouncement.push(announcement.seenAt - acceptedAt);
    }
  } finally {
    await scored.stop();
    await announced.stop();
    await pipeline.stop();
    rmSync(folder, { recursive: true, force: true });
  }
  const report = `# Scoring latency

${measuredOn()}

Workload: ${SAMPLES} samples (after ${WARM_UP} unmeasured), one at a time. Each sample posts one GDX \`api_calls\` event over
HTTP to the real ingest; the clock starts at its \`200\` (the event is durable in Kafka) and stops when a consumer of
\`kpi.attainment.v1\` sees the snapshot whose indicator actual includes that event. The catalog has one indicator
(sum of GDX API calls), so every event changes a score. Ingest, projector and scoring run as separate processes
(tools/devkit Pipeline) with their default settings (projector linger 200 ms).

${LATENCY_HEADER}
${latencyRow("the ingest's 200 → the projector's AggregatesChanged on its topic (baseline: the data queryable)", toAnnouncement)}
${latencyRow("the ingest's 200 → the new score on kpi.attainment.v1 (recomputed, recorded in the ledger, published)", toScore)}
${latencyRow('the request sent → the new score on kpi.attainment.v1', sentToScore)}

A negative figure is real: the event is committed to Kafka before the ingest's answer reaches the client
(the ingest still records the batch's idempotency keys), and projector and scoring can finish within that gap.

The difference between the rows is the scoring service's own share: consuming the announcement, re-reading the
indicator's query from ClickHouse, the ledger append (PostgreSQL, with its hash-chain read), and the publish.
${slowTailNote(SAMPLES)}

Rerun: \`node -r @swc-node/register bench/scoring/scoring-latency.bench.ts [--samples 200]\` (needs the local servers:
\`bash infra/local/up.sh\`); it rewrites this file.
`;
  writeFileSync(resolve(__dirname, 'RESULTS.md'), report);
  console.log(report);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
