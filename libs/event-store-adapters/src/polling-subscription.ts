import type { ReadAllOptions, RecordedEvent, Subscription } from '@govmetrics/event-store';
import { EventStoreError } from '@govmetrics/event-store';

/** The longest pause between reads while the store is unavailable. */
const LONGEST_RETRY_MS = 5000;

/**
 * Catch-up then live delivery for stores without a push feed: reads `$all` in pages after the last delivered
 * position, and when caught up waits for `wake()` (an append in this process, a NOTIFY) or the poll interval.
 * A read the store calls retriable (its server away) is tried again, after the poll interval doubled each time up
 * to 5 s, from the same position: an outage delays delivery and never ends the subscription. Any other failure, or
 * one of `onEvent`, ends it (`ended` rejects).
 */
export class PollingSubscription implements Subscription {
  readonly ended: Promise<void>;
  private closed = false;
  private woken = false;
  private interrupt: (() => void) | undefined;

  constructor(
    private readonly read: (options: ReadAllOptions) => Promise<RecordedEvent[]>,
    private readonly onEvent: (event: RecordedEvent) => Promise<void>,
    private position: bigint | undefined,
    private readonly pollIntervalMs: number,
    private readonly pageSize = 500,
  ) {
    this.ended = this.run();
    // Whoever awaits `ended` sees the failure; without this an unobserved one would crash the process.
    this.ended.catch(() => undefined);
  }

  /** New events may be readable: stop waiting for the poll interval. */
  wake(): void {
    this.woken = true;
    this.interrupt?.();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.interrupt?.();
    await this.ended.catch(() => undefined);
  }

  private async run(): Promise<void> {
    while (!this.closed) {
      this.woken = false;
      const page = await this.readRetrying();
      for (const event of page) {
        if (this.closed) return;
        await this.onEvent(event);
        this.position = event.position;
      }
      if (page.length < this.pageSize) await this.idle();
    }
  }

  /** The next page, read again after a pause while the store is unavailable (empty once closed meanwhile). */
  private async readRetrying(): Promise<RecordedEvent[]> {
    for (let pause = Math.max(this.pollIntervalMs, 100); ; pause = Math.min(pause * 2, LONGEST_RETRY_MS)) {
      try {
        return await this.read({ fromPosition: this.position, limit: this.pageSize });
      } catch (error) {
        if (!(error instanceof EventStoreError) || !error.retriable) throw error;
        await this.pause(pause);
        if (this.closed) return [];
      }
    }
  }

  private idle(): Promise<void> {
    if (this.woken || this.closed) return Promise.resolve();
    return this.pause(this.pollIntervalMs);
  }

  /** Waits `ms`, or less when closed or woken. */
  private pause(ms: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.interrupt = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.interrupt = done;
    });
  }
}

/** The subscriptions a store has open: woken on append, closed with the store. */
export class SubscriptionRegistry {
  private readonly open = new Set<PollingSubscription>();

  add(subscription: PollingSubscription): PollingSubscription {
    this.open.add(subscription);
    void subscription.ended.finally(() => this.open.delete(subscription)).catch(() => undefined);
    return subscription;
  }

  wakeAll(): void {
    for (const subscription of this.open) subscription.wake();
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.open].map((subscription) => subscription.close()));
  }
}
