import type { UsageEvent } from '@govmetrics/contracts';
import { IngestAnswerSchema, USAGE_EVENT_TYPE } from '@govmetrics/contracts';
import type { Pipeline } from '@govmetrics/devkit';
import type { RecordPublisher } from '@govmetrics/kafka';

/** Platforms and a metric each may send (catalogs/platforms.yaml): a counter and two integer gauges, none with required dimensions. */
const METRIC_OF: Readonly<Record<string, string>> = { gdx: 'api_calls', mailgothai: 'accounts', gchat: 'accounts' };
const PLATFORMS = Object.keys(METRIC_OF);
const DAY_ZERO = Date.parse('2021-03-01T00:00:00+07:00');
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** The identity the fault suite counts by: what the ingest and the projector dedupe on. */
export const eventKey = (event: Pick<UsageEvent, 'source' | 'id'>) => `${event.source}\u0000${event.id}`;

/** Event `n` of a path: deterministic day, agency and value, so the expected aggregates follow from the acked list alone. */
export function faultEvent(path: string, n: number, platform: string): UsageEvent {
  return {
    specversion: '1.0',
    id: `${path}-${n}`,
    source: `urn:dga:platform:${platform}`,
    type: USAGE_EVENT_TYPE,
    time: new Date(DAY_ZERO + (n % 20) * 86_400_000 + (n % 3600) * 1000).toISOString(),
    data: { platform, metric: METRIC_OF[platform] as string, agency: `agency-${n % 7}`, value: 1 + ((n * 7919) % 1000) },
  };
}

/**
 * Delivers one batch; resolves with the events acknowledged (durable: accepted, or a duplicate of an accepted one), or
 * `undefined` when the batch must be sent again. An event of a delivered batch that is not acknowledged was refused.
 */
export type Delivery = (platform: string, batch: readonly UsageEvent[]) => Promise<readonly UsageEvent[] | undefined>;

/** Over HTTP through the ingests' one address, with the platform's API key: acknowledged means answered 200 `accepted` or `duplicate`. */
export const overHttp =
  (pipeline: Pipeline): Delivery =>
  async (platform, batch) => {
    const response = await fetch(`${pipeline.ingestUrl}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...pipeline.authHeaders(platform) },
      body: JSON.stringify(batch),
      signal: AbortSignal.timeout(20_000),
    }).catch(() => undefined);
    const text = await response?.text().catch(() => undefined);
    if (response?.status !== 200 || text === undefined) return undefined;
    const answer = IngestAnswerSchema.parse(JSON.parse(text));
    return answer.results.flatMap((verdict) => (verdict.status === 'rejected' ? [] : [batch[verdict.index] as UsageEvent]));
  };

/** Onto the raw topic the validators consume, as a platform on Kafka: acknowledged means written to every in-sync replica. */
export const overRawTopic =
  (producer: RecordPublisher, topic: string): Delivery =>
  (_platform, batch) =>
    producer
      .send(
        topic,
        batch.map((event) => ({ key: event.data.agency, value: JSON.stringify(event) })),
      )
      .then(
        () => batch,
        () => undefined,
      );

/**
 * A platform sending at a steady rate: a batch every `everyMs`, each from the next platform in turn, retried (the same
 * events, as a platform would) until acknowledged, and every event of an acknowledged batch recorded.
 */
export class SteadySender {
  /** Acknowledged events by {@link eventKey}. */
  readonly acked = new Map<string, UsageEvent>();
  sent = 0;
  failures = 0;
  /** Events of delivered batches that were not acknowledged: refused (none should be). */
  refused = 0;
  lastAckAt = 0;
  private running = true;
  private readonly loop: Promise<void>;

  constructor(
    private readonly path: string,
    private readonly deliver: Delivery,
    private readonly batchSize: number,
    private readonly everyMs: number,
  ) {
    this.loop = this.run();
  }

  /** Finishes the batch in flight (until it is acknowledged), then stops. */
  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    for (let batches = 0; this.running; batches += 1) {
      const began = Date.now();
      const platform = PLATFORMS[batches % PLATFORMS.length] as string;
      const batch = Array.from({ length: this.batchSize }, () => faultEvent(this.path, this.sent++, platform));
      let delivered = await this.deliver(platform, batch);
      for (; delivered === undefined; delivered = await this.deliver(platform, batch)) {
        this.failures += 1;
        await sleep(250);
      }
      this.refused += batch.length - delivered.length;
      for (const event of delivered) this.acked.set(eventKey(event), event);
      this.lastAckAt = Date.now();
      await sleep(Math.max(0, this.everyMs - (Date.now() - began)));
    }
  }
}
