// The sender: batches of GDX api_calls posted to the ingest at a fixed rate for a fixed time, round robin over a few
// agencies, one batch in flight per agency, so that each batch's bucket count once it is accepted is known exactly.
import { requestJson, usageEvent } from '@govmetrics/devkit';

export interface SentBatch {
  agency: string;
  /** The bucket's event count once this batch is in it: a stream update with at least this many includes it. */
  countAfter: number;
  /** `performance.now()` when the ingest's 200 arrived. */
  acceptedAt: number;
}

export interface SenderOptions {
  ingestUrl: string;
  headers: Record<string, string>;
  agencies: readonly string[];
  batchSize: number;
  /** One event time for the whole run: one Bangkok day per agency, so a count never restarts at midnight. */
  eventTime: string;
}

export class PacedSender {
  readonly batches: SentBatch[] = [];
  private readonly counts = new Map<string, number>();
  private readonly chains = new Map<string, Promise<void>>();

  constructor(private readonly options: SenderOptions) {}

  /** Posts one batch for `agency` after the agency's previous one was answered. */
  post(agency: string): Promise<void> {
    const chain = (this.chains.get(agency) ?? Promise.resolve()).then(() => this.send(agency));
    this.chains.set(agency, chain);
    return chain;
  }

  /** Posts `batchesPerSecond` batches a second, round robin over the agencies, for `seconds`; then waits for every answer. */
  async run(batchesPerSecond: number, seconds: number): Promise<void> {
    const started = performance.now();
    const total = Math.round(batchesPerSecond * seconds);
    const posts: Promise<void>[] = [];
    for (let i = 0; i < total; i += 1) {
      const due = started + (i * 1000) / batchesPerSecond;
      await new Promise((later) => setTimeout(later, Math.max(0, due - performance.now())));
      posts.push(this.post(this.options.agencies[i % this.options.agencies.length] as string));
    }
    await Promise.all(posts);
  }

  private async send(agency: string): Promise<void> {
    const { ingestUrl, headers, batchSize, eventTime } = this.options;
    const body = Array.from({ length: batchSize }, () => usageEvent({ agency, value: 1 }, { time: eventTime }));
    const answer = await requestJson(`${ingestUrl}/v1/events`, { body, headers });
    const acceptedAt = performance.now();
    const accepted = (answer.body as { accepted?: number } | null)?.accepted;
    if (answer.status !== 200 || accepted !== batchSize) throw new Error(`ingest answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`);
    const countAfter = (this.counts.get(agency) ?? 0) + batchSize;
    this.counts.set(agency, countAfter);
    this.batches.push({ agency, countAfter, acceptedAt });
  }
}
