import type { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseConfigSchema, connectClickHouse } from '@govmetrics/clickhouse';
import type { UsageEvent } from '@govmetrics/contracts';
import type { ReceivedSpan, ServiceName } from '@govmetrics/devkit';
import { eventually, OtlpReceiver, Pipeline, requestJson, untilAggregated, usageEvent } from '@govmetrics/devkit';
import { randomBytes } from 'node:crypto';

const BATCH = 20;
const PAUSE_MS = 50;

/** A request whose answer accepted events, in a trace of its own, and the service restarting when it was answered (or within 2 s before). */
interface TracedSend {
  traceId: string;
  restarting?: ServiceName;
}

/**
 * A platform sending small batches back to back, as a steady load: a batch refused (503) or lost (connection closed,
 * ingest down) is sent again after a moment. An id answered `accepted`, or `duplicate` on a resend (its first send was
 * recorded though its answer was lost), is an accepted id. Each attempt starts a trace of its own (its `traceparent`).
 */
class SteadyLoad {
  readonly accepted = new Map<string, number>();
  readonly traced: TracedSend[] = [];
  /** The service being restarted now, or within the last 2 s, if any. */
  restarting?: ServiceName;
  retries = 0;
  private stopping = false;
  private running?: Promise<void>;

  constructor(private readonly pipeline: Pipeline) {}

  start(): void {
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  private async loop(): Promise<void> {
    for (let n = 0; !this.stopping; n += 1) {
      const events = Array.from({ length: BATCH }, (_, i) => usageEvent({ agency: `agency-${i % 5}`, value: 1 + ((n + i) % 9) }));
      await this.deliver(events);
      await new Promise((later) => setTimeout(later, PAUSE_MS));
    }
  }

  private async deliver(events: UsageEvent[]): Promise<void> {
    for (;;) {
      const traceId = randomBytes(16).toString('hex');
      const headers = { ...this.pipeline.authHeaders('gdx'), traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` };
      const sent = await requestJson(`${this.pipeline.ingestUrl}/v1/events`, { body: events, headers }).catch(() => undefined);
      if (sent?.status === 200) {
        const { results } = sent.body as { results: { index: number; status: string }[] };
        // A batch answered all `duplicate` published nothing: its trace ends at the ingest.
        if (results.some(({ status }) => status === 'accepted')) this.traced.push({ traceId, ...(this.restarting ? { restarting: this.restarting } : {}) });
        for (const { index, status } of results) {
          const event = events[index] as UsageEvent;
          if (status === 'accepted' || status === 'duplicate') this.accepted.set(event.id, event.data.value);
          else throw new Error(`event ${index} was ${status}`);
        }
        return;
      }
      if (sent !== undefined && sent.status !== 503) throw new Error(`ingest answered ${sent.status} ${JSON.stringify(sent.body)}`);
      this.retries += 1;
      await new Promise((later) => setTimeout(later, 200));
    }
  }
}

describe('a rolling restart under steady load: SIGTERM each service in turn, then an exact reconcile', () => {
  let pipeline: Pipeline;
  let clickhouse: ClickHouseClient;
  let receiver: OtlpReceiver;
  let load: SteadyLoad;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    pipeline = await Pipeline.start({
      services: ['ingest', 'projector', 'scoring', 'gateway'],
      otlpEndpoint: receiver.endpoint,
      // The services' own export delay, not the tests' 200 ms: a drain's last spans must go out with its last step.
      env: { OTEL_BSP_SCHEDULE_DELAY: '5000' },
    });
    clickhouse = await connectClickHouse(ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: pipeline.env.CLICKHOUSE_DATABASE }));
  }, 180_000);

  afterAll(async () => {
    await clickhouse?.close();
    await pipeline?.stop();
    await receiver?.close();
  }, 120_000);

  it('drains every service without a forced kill, and accepted ids = ClickHouse distinct ids = aggregated events', async () => {
    // Given a platform sending steadily
    load = new SteadyLoad(pipeline);
    load.start();
    try {
      // When each service in turn gets SIGTERM and is started again, under that load
      for (const name of ['ingest', 'projector', 'scoring', 'gateway'] as ServiceName[]) {
        // (the 2 s after a restart still count as its own: the ingest's refused and lost batches are answered then)
        await new Promise((later) => setTimeout(later, 2000));
        load.restarting = undefined;
        // (an operator's live stream is open on the gateway when it stops: it must end, not hold the shutdown)
        const stream = name === 'gateway' ? await openStream(`${pipeline.gatewayUrl}/v1/attainment/stream`, pipeline.roleHeaders('operator')) : undefined;
        load.restarting = name;
        const restart = await pipeline.restart(name);
        if (stream) expect(await stream.ended).toBe(true);
        console.log(`${name}: drained in ${restart.drainMs} ms, ready again ${restart.restartMs} ms later`);
        // Then it stopped on its own: it finished or handed back its work, committed and closed
        expect({ name, forced: restart.forced }).toEqual({ name, forced: false });
      }
      await new Promise((later) => setTimeout(later, 2000));
    } finally {
      load.restarting = undefined;
      await load.stop();
    }
    const ids = load.accepted.size;
    const total = [...load.accepted.values()].reduce((sum, value) => sum + value, 0);
    console.log(`${ids} events accepted, ${load.retries} sends repeated after a refusal or a lost answer`);

    // And every accepted id is in ClickHouse exactly once, and in both aggregates, and the gateway's sum is theirs
    expect(await untilAggregated(clickhouse, ids, 120_000)).toEqual({ raw: ids, hourly: ids, daily: ids });
    const result = await clickhouse.query({
      query: 'SELECT count() AS rows, uniqExact(source, event_id) AS distinct_ids FROM usage_events',
      format: 'JSONEachRow',
    });
    expect((await result.json<{ rows: string; distinct_ids: string }>()).map((row) => [Number(row.rows), Number(row.distinct_ids)])).toEqual([[ids, ids]]);
    const totalUrl = `${pipeline.gatewayUrl}/v1/aggregates/total?platform=gdx&metric=api_calls`;
    const answer = await eventually(
      () => requestJson(totalUrl, { headers: pipeline.roleHeaders('operator') }),
      ({ body }) => (body as { events: number }).events >= ids,
      60_000,
    );
    expect(answer.body).toMatchObject({ total, events: ids });
  }, 900_000);

  it('keeps every trace whole through the restarts: each request answered during one reaches the projector and the scoring service', async () => {
    // Given the requests whose events were accepted while the ingest, the projector or the scoring service was restarting,
    // or in the 2 s after
    const during = (name: ServiceName) => load.traced.filter(({ restarting }) => restarting === name).map(({ traceId }) => traceId);
    const restarts = { ingest: during('ingest'), projector: during('projector'), scoring: during('scoring') };
    console.log(
      `traced requests answered during each restart: ${Object.entries(restarts)
        .map(([name, ids]) => `${name} ${ids.length}`)
        .join(', ')}`,
    );
    for (const traceIds of Object.values(restarts)) expect(traceIds.length).toBeGreaterThan(0);

    // Then each one's trace runs from its request through a projector's process and fold spans to a scoring recompute
    const traceIds = Object.values(restarts).flat();
    const spans = await receiver
      .until((received) => traceIds.every((traceId) => brokenJourney(received, traceId) === undefined), 120_000)
      .catch(() => receiver.spans);
    expect(traceIds.map((traceId) => brokenJourney(spans, traceId)).filter((broken) => broken !== undefined)).toEqual([]);
  }, 180_000);

  it('writes every log line of the run as JSON, with request and trace ids, and none holds personal data or a credential', async () => {
    // Given a platform that sends personal data in clear, with a request id and a W3C trace context
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const refused = await requestJson(`${pipeline.ingestUrl}/v1/events`, {
      body: [usageEvent({ dimensions: { service: PII_CANARY } })],
      headers: { ...pipeline.authHeaders('gdx'), 'x-request-id': 'canary-request-1', traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(refused.body).toMatchObject({ rejected: 1, results: [{ status: 'rejected', errors: [{ rule: 'pii_in_clear' }] }] });

    // When every line every service process wrote is read (restarted ones included)
    const lines = pipeline.logLines();
    const secrets = [
      PII_CANARY,
      ...['gdx', 'mailgothai', 'gin'].map((platform) => pipeline.apiKey(platform)),
      pipeline.token('operator'),
      pipeline.token('admin'),
    ];

    // Then each is one JSON object, the canary request's lines carry its request id and trace id, and no line holds a secret
    expect(lines.filter(({ line }) => !isJsonObject(line))).toEqual([]);
    expect(lines.filter(({ line }) => line.includes('canary-request-1') && line.includes(traceId)).length).toBeGreaterThan(0);
    expect(lines.filter(({ line }) => secrets.some((secret) => line.includes(secret)))).toEqual([]);
    console.log(`${lines.length} log lines read: ${Object.entries(countBy(lines.map(({ service }) => service))).join(', ')}`);
  }, 60_000);
});

/** The journey of a request's events, by service and span name; each step continues the one before it. */
const JOURNEY = [
  ['govmetrics-projector', 'process usage.events.'],
  ['govmetrics-projector', 'projector.fold'],
  ['govmetrics-scoring', 'process usage.aggregates.changed.'],
  ['govmetrics-scoring', 'scoring.recompute'],
] as const;

/** Whether `span` continues `from`: its child, or (for a batch mixing several requests' records) linked to it. */
const continues = (span: ReceivedSpan, from: ReceivedSpan) =>
  (span.traceId === from.traceId && span.parentSpanId === from.spanId) ||
  span.links.some((link) => link.traceId === from.traceId && link.spanId === from.spanId);

/** Where the journey of the request in trace `traceId` breaks off (`traceId: the step missing`), or undefined when it is whole. */
function brokenJourney(spans: readonly ReceivedSpan[], traceId: string): string | undefined {
  let reached = spans.filter((span) => span.traceId === traceId && span.service === 'govmetrics-ingest' && span.name === 'ingest.record_events');
  if (reached.length === 0) return `${traceId}: ingest.record_events`;
  for (const [service, name] of JOURNEY) {
    const from = reached;
    reached = spans.filter((span) => span.service === service && span.name.startsWith(name) && from.some((step) => continues(span, step)));
    if (reached.length === 0) return `${traceId}: ${service} ${name}`;
  }
  return undefined;
}

/** An SSE stream held open; `ended` resolves true once the server closed it. */
async function openStream(url: string, headers: Record<string, string>): Promise<{ ended: Promise<boolean> }> {
  const response = await fetch(url, { headers });
  expect(response.status).toBe(200);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const ended = (async () => {
    for (;;) if ((await reader.read().catch(() => ({ done: true }))).done) return true;
  })();
  return { ended };
}

const PII_CANARY = 'canary.person.7731@example.go.th';

function isJsonObject(line: string): boolean {
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null;
  } catch {
    return false;
  }
}

const countBy = (names: string[]) => names.reduce<Record<string, number>>((counts, name) => ({ ...counts, [name]: (counts[name] ?? 0) + 1 }), {});
