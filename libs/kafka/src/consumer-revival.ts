import type { Consumer } from 'kafkajs';

export interface ConsumerRevivalOptions {
  /** The consumer group whose members are revived: the label of {@link consumersGivenUpCounts}. */
  group: string;
  /** The first pause before a new consumer; doubled after each revival that did not join the group, up to `maxMs`. */
  initialMs?: number;
  maxMs?: number;
  /** Told each time a consumer was given up and when the next one starts: a stalled topic must be visible in the logs. */
  onGivenUp?: (error: unknown, reviveInMs: number) => void;
}

const givenUp = new Map<string, number>();

/**
 * Consumers given up so far in this process, by group. Counted here, where every revival passes, and read by the
 * metrics registry at each scrape, so no service wires a counter of its own.
 */
export const consumersGivenUpCounts = (): Record<string, number> => Object.fromEntries(givenUp);

/** The log line of a consumer given up, the same for every consumer that is revived. */
export const givenUpLine = (error: unknown, reviveInMs: number): string =>
  `kafkajs gave the consumer up (${error instanceof Error ? error.message : String(error)}); a new member joins in ${reviveInMs} ms`;

/**
 * Keeps a group member alive for the life of the process. kafkajs stops a consumer for good (its CRASH event with
 * `restart: false`) on an error it deems not retriable: a transaction the broker refused after a network partition,
 * no broker reachable at that moment. The process then runs on, healthy to every probe, while the topic's partitions
 * wait in a group with no members (the cluster fault suite's cut-off broker, 2026-11-30: both raw-intake validators
 * left their group for good). Here a consumer given up is replaced by a new one from `start`, after a pause; the new
 * member resumes from the group's committed offsets, so what was committed stays committed and nothing is skipped.
 */
export class ConsumerRevival {
  private readonly initialMs: number;
  private readonly maxMs: number;
  private pauseMs: number;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  /** `start` makes, connects and runs a new consumer (and disconnects it when that fails), resolving once it runs. */
  constructor(
    private readonly start: () => Promise<Consumer>,
    private readonly options: ConsumerRevivalOptions,
  ) {
    this.initialMs = options.initialMs ?? 1000;
    this.maxMs = options.maxMs ?? 30_000;
    this.pauseMs = this.initialMs;
  }

  /** The first consumer; its failure is the caller's (a service that cannot start says so). Later ones are revived here. */
  async begin(): Promise<void> {
    this.stopped = false;
    this.watch(await this.start());
  }

  /** No consumer is started after this; the caller disconnects the current one. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private watch(consumer: Consumer): void {
    consumer.on(consumer.events.GROUP_JOIN, () => (this.pauseMs = this.initialMs));
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) this.reviveLater(payload.error);
    });
  }

  private reviveLater(error: unknown): void {
    if (this.stopped || this.timer) return;
    const pause = this.pauseMs;
    this.pauseMs = Math.min(this.pauseMs * 2, this.maxMs);
    givenUp.set(this.options.group, (givenUp.get(this.options.group) ?? 0) + 1);
    this.options.onGivenUp?.(error, pause);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.stopped) return;
      this.start().then(
        (consumer) => (this.stopped ? void consumer.disconnect() : this.watch(consumer)),
        (failure: unknown) => this.reviveLater(failure),
      );
    }, pause);
  }
}
