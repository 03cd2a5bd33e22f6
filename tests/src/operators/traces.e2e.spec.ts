import { ClickHouseConfigSchema, connectClickHouse } from '@govmetrics/clickhouse';
import { KpiAttainmentSchema } from '@govmetrics/contracts';
import { generateFy2564 } from '@govmetrics/demo-data';
import type { ReceivedSpan } from '@govmetrics/devkit';
import { OtlpReceiver, Pipeline, requestJson, type ServerSentEvent, ServerSentEvents, usageEvent } from '@govmetrics/devkit';
import { createKafka, KafkaConfigSchema } from '@govmetrics/kafka';
import { randomBytes } from 'node:crypto';

const attainmentOf = (event: ServerSentEvent) => (event.type === 'attainment' ? KpiAttainmentSchema.parse(event.data) : undefined);

/** The spans a trace needs to be the whole story of one event, by service and name (topic names carry the run's id). */
const JOURNEY = {
  ingest: ['govmetrics-ingest', 'ingest.record_events'],
  consumed: ['govmetrics-projector', 'process usage.events.'],
  fold: ['govmetrics-projector', 'projector.fold'],
  announced: ['govmetrics-scoring', 'process usage.aggregates.changed.'],
  recompute: ['govmetrics-scoring', 'scoring.recompute'],
  aggregatesPush: ['govmetrics-gateway', 'gateway.aggregates.push'],
  attainmentPush: ['govmetrics-gateway', 'gateway.attainment.push'],
} as const;
type Step = keyof typeof JOURNEY;

const inTrace = (traceId: string) => (spans: readonly ReceivedSpan[]) => spans.filter((span) => span.traceId === traceId);
const named = (spans: readonly ReceivedSpan[], service: string, name: string) => spans.find((span) => span.service === service && span.name.startsWith(name));
const journeyComplete = (traceId: string) => (spans: readonly ReceivedSpan[]) =>
  Object.values(JOURNEY).every(([service, name]) => named(inTrace(traceId)(spans), service, name) !== undefined);
const stepsOf = (trace: readonly ReceivedSpan[]) =>
  Object.fromEntries(Object.entries(JOURNEY).map(([step, [service, name]]) => [step, named(trace, service, name)!])) as Record<Step, ReceivedSpan>;

describe('an operator follows an event through the pipeline in one trace', () => {
  let receiver: OtlpReceiver;
  let pipeline: Pipeline;
  let dashboard: ServerSentEvents | undefined;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    pipeline = await Pipeline.start({
      services: ['ingest', 'projector', 'scoring', 'gateway'],
      env: { SCORING_AS_OF: '2021-09-30', GATEWAY_HEARTBEAT_MS: '1000' },
      otlpEndpoint: receiver.endpoint,
    });
  }, 180_000);

  afterAll(async () => {
    await dashboard?.close();
    await pipeline?.stop();
    await receiver?.close();
    if (!pipeline) return;
    // The run's topics and ClickHouse database go too: nothing of this story outlives it.
    const admin = createKafka(KafkaConfigSchema.parse(process.env)).admin();
    await admin.connect();
    const topics = ['USAGE_EVENTS_TOPIC', 'AGGREGATES_CHANGED_TOPIC', 'QUARANTINE_TOPIC', 'RAW_USAGE_TOPIC', 'DEAD_LETTER_TOPIC', 'KPI_ATTAINMENT_TOPIC'];
    const existing = new Set(await admin.listTopics());
    await admin.deleteTopics({ topics: topics.map((key) => pipeline.env[key]!).filter((topic) => existing.has(topic)) }).catch(() => undefined);
    await admin.disconnect();
    const server = await connectClickHouse(ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: 'default' }));
    await server.command({ query: `DROP DATABASE IF EXISTS ${pipeline.runId}` });
    await server.close();
  }, 90_000);

  it("one event sent with the platform's traceparent shows up as ingest, projector, scoring and gateway spans of that trace", async () => {
    // Given an operator's dashboard showing both scorecards' attested-only scores
    dashboard = await ServerSentEvents.connect(`${pipeline.gatewayUrl}/v1/attainment/stream`, pipeline.roleHeaders('operator'));
    const shown = new Map<string, bigint>();
    for (const scorecard of ['A', 'B']) {
      const board = attainmentOf(await dashboard.until((event) => attainmentOf(event)?.snapshot.scorecardId === scorecard, 120_000))!;
      shown.set(scorecard, BigInt(board.ledger.revision));
    }

    // When the Law Portal sends one FY2564 comment (A1 sums them), in a trace of its own
    const event = generateFy2564().find((candidate) => candidate.data.platform === 'lawportal' && candidate.data.metric === 'comments')!;
    const [traceId, clientSpanId] = [randomBytes(16).toString('hex'), randomBytes(8).toString('hex')];
    const sent = await requestJson(`${pipeline.ingestUrl}/v1/events`, {
      body: [event],
      headers: { ...pipeline.authHeaders('lawportal'), traceparent: `00-${traceId}-${clientSpanId}-01` },
    });
    expect(sent.body).toMatchObject({ accepted: 1 });

    // Then the collector holds, in the platform's trace, a span of every step from the request to the push
    const trace = inTrace(traceId)(await receiver.until(journeyComplete(traceId), 120_000));

    // And the dashboard shows a score it moved
    const moved = (pushed: ServerSentEvent) => {
      const attainment = attainmentOf(pushed);
      return attainment !== undefined && BigInt(attainment.ledger.revision) > (shown.get(attainment.snapshot.scorecardId) ?? 0n);
    };
    const news = attainmentOf(await dashboard.until(moved, 120_000))!;

    const { ingest, consumed, fold, announced, recompute, aggregatesPush, attainmentPush } = stepsOf(trace);

    // And each step is the child of the one before it: the request continues the platform's span, each consumer the producer's
    expect(ingest.parentSpanId).toBe(clientSpanId);
    expect(ingest.attributes).toMatchObject({ 'govmetrics.platform': 'lawportal', 'govmetrics.batch.events': 1, 'govmetrics.events.accepted': 1 });
    expect(consumed.parentSpanId).toBe(ingest.spanId);
    expect(fold.parentSpanId).toBe(consumed.spanId);
    expect(fold.attributes).toMatchObject({ 'govmetrics.events': 1 });
    expect(announced.parentSpanId).toBe(fold.spanId);
    expect(recompute.parentSpanId).toBe(announced.spanId);
    expect(aggregatesPush.parentSpanId).toBe(fold.spanId);
    expect(attainmentPush.parentSpanId).toBe(recompute.spanId);
    expect(attainmentPush.attributes).toMatchObject({ 'govmetrics.scorecard': news.snapshot.scorecardId, 'govmetrics.sse.listened': true });

    // And no span says who or what the event was about: neither its id nor its entity appears in any attribute
    const everyValue = JSON.stringify(receiver.spans.map((span) => span.attributes));
    expect(everyValue).not.toContain(event.id);
    if (event.data.entity) expect(everyValue).not.toContain(event.data.entity);
  }, 300_000);

  it("a record a platform produces to the raw topic with its traceparent is validated and projected in the producer's trace", async () => {
    // Given a platform's own Kafka producer, tracing its export
    const [traceId, producerSpanId] = [randomBytes(16).toString('hex'), randomBytes(8).toString('hex')];
    const producer = createKafka(KafkaConfigSchema.parse(process.env)).producer();
    await producer.connect();
    try {
      // When it produces one usage event to the raw topic with the W3C header
      const event = usageEvent({ platform: 'mailgothai', metric: 'accounts', agency: 'moph', value: 1200 });
      const headers = { traceparent: `00-${traceId}-${producerSpanId}-01` };
      await producer.send({ topic: pipeline.env.RAW_USAGE_TOPIC!, messages: [{ key: 'moph', value: JSON.stringify(event), headers }] });
    } finally {
      await producer.disconnect();
    }

    // Then the validator's span continues the producer's, and the projector's continues the validator's
    const complete = (spans: readonly ReceivedSpan[]) => named(inTrace(traceId)(spans), 'govmetrics-projector', 'projector.fold') !== undefined;
    const trace = inTrace(traceId)(await receiver.until(complete, 120_000));
    const validated = named(trace, 'govmetrics-ingest', `process ${pipeline.env.RAW_USAGE_TOPIC}`)!;
    expect(validated.parentSpanId).toBe(producerSpanId);
    expect(named(trace, 'govmetrics-projector', 'process usage.events.')?.parentSpanId).toBe(validated.spanId);
  }, 180_000);
});
