// Live aggregate latency: from an event being accepted by the ingest (HTTP 200) to its bucket's new value as an
// `aggregate` event on the gateway's SSE stream, beside its baseline in the same run: the same event's
// AggregatesChanged announcement by the projector (what the gateway waits for before it can read anything).
// Run: node -r @swc-node/register bench/gateway/live-aggregates.bench.ts [--samples 100]
import type { AggregatesChanged } from '@govmetrics/contracts';
import { AggregatesChangedSchema, AggregateUpdateSchema } from '@govmetrics/contracts';
import { Pipeline, requestJson, ServerSentEvents, TopicWatcher, usageEvent } from '@govmetrics/devkit';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { LATENCY_HEADER, latencyRow, measuredOn, slowTailNote } from '../latency-table';

const { values } = parseArgs({ options: { samples: { type: 'string' } } });
const SAMPLES = Number(values.samples ?? 100);
const WARM_UP = 3;

async function main(): Promise<void> {
  const pipeline = await Pipeline.start({ services: ['ingest', 'projector', 'gateway'] });
  const announced = await TopicWatcher.start<AggregatesChanged & { seenAt: number }>(pipeline.env.AGGREGATES_CHANGED_TOPIC!, (value) => ({
    ...AggregatesChangedSchema.parse(value),
    seenAt: performance.now(),
  }));
  const stream = await ServerSentEvents.connect(`${pipeline.gatewayUrl}/v1/aggregates/stream?platform=gdx&metric=api_calls`, pipeline.roleHeaders('operator'));
  const toAnnouncement: number[] = [];
  const toStream: number[] = [];
  try {
    for (let i = 0; i < WARM_UP + SAMPLES; i += 1) {
      // A random pause, so that posts do not phase-lock with the gateway's tick (each sample starts right after a tick).
      await new Promise((later) => setTimeout(later, Math.random() * 300));
      const announcementsBefore = announced.messages.length;
      const sent = await requestJson(`${pipeline.ingestUrl}/v1/events`, {
        body: [usageEvent({ agency: 'dga', value: 1 }, { time: '2021-06-01T10:00:00+07:00' })],
        headers: pipeline.authHeaders('gdx'),
      });
      const acceptedAt = performance.now();
      if (sent.status !== 200) throw new Error(`ingest answered ${sent.status}: ${JSON.stringify(sent.body)}`);
      const expected = i + 1;
      const shown = await stream.until((event) => event.type === 'aggregate' && AggregateUpdateSchema.parse(event.data).events === expected, 30_000);
      const announcement = announced.messages.slice(announcementsBefore).find((message) => message.touched.some((bucket) => bucket.agency === 'dga'));
      if (i < WARM_UP) continue;
      toStream.push(shown.receivedAt - acceptedAt);
      if (announcement) toAnnouncement.push(announcement.seenAt - acceptedAt);
    }
  } finally {
    await stream.close();
    await announced.stop();
    await pipeline.stop();
  }
  const report = `# Live aggregate latency

${measuredOn()}

Workload: ${SAMPLES} samples (after ${WARM_UP} unmeasured), one at a time. Each sample posts one GDX \`api_calls\` event over
HTTP to the real ingest; the clock starts at its \`200\` and stops when the operator's stream
(\`GET /v1/aggregates/stream?platform=gdx&metric=api_calls\`) delivers the bucket's value that includes the event. Ingest,
projector and gateway run as separate processes (tools/devkit Pipeline) with their default settings (projector linger
200 ms, gateway tick \`GATEWAY_AGGREGATE_TICK_MS\` 100 ms). Each post comes after a random pause of 0–300 ms, so that
samples do not phase-lock with the tick.

${LATENCY_HEADER}
${latencyRow("the ingest's 200 → the projector's AggregatesChanged on its topic (baseline: the data queryable)", toAnnouncement)}
${latencyRow("the ingest's 200 → the bucket's new value as an `aggregate` event on the SSE stream", toStream)}

The difference between the rows is the gateway's share: consuming the announcement, waiting for the next tick (0–100 ms,
50 ms on average: the price of coalescing), one ClickHouse read of the touched buckets, and the SSE write.
${slowTailNote(SAMPLES)}

Rerun: \`node -r @swc-node/register bench/gateway/live-aggregates.bench.ts [--samples 100]\` (needs the local servers:
\`bash infra/local/up.sh\`); it rewrites this file.
`;
  writeFileSync(resolve(__dirname, 'RESULTS.md'), report);
  console.log(report);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
