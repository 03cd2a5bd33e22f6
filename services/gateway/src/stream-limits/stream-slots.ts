import type { OnModuleDestroy } from '@nestjs/common';
import type { TooManyStreams } from '@govmetrics/contracts';
import { Subject } from 'rxjs';

export interface StreamLimits {
  /** Open streams one client (remote address) may hold. */
  perClient: number;
  /** Open streams the gateway holds in all. */
  total: number;
}

export type StreamSlot = { granted: true; release: () => void } | { granted: false; refusal: TooManyStreams };

/**
 * Counts the server-sent-event streams open per client and in all, so that one client cannot hold every socket and
 * every watch of the gateway. A slot is taken when a stream opens and released once when it ends.
 */
export class StreamSlots implements OnModuleDestroy {
  private readonly perClient = new Map<string, number>();
  private total = 0;
  /** Emits once when the gateway begins to shut down: every open stream ends, or the HTTP server would wait on them forever. */
  readonly closing = new Subject<void>();

  constructor(readonly limits: StreamLimits) {}

  take(client: string): StreamSlot {
    const held = this.perClient.get(client) ?? 0;
    if (held >= this.limits.perClient)
      return refused('client', this.limits.perClient, `this client (${client}) already holds ${held} open streams, the most allowed`);
    if (this.total >= this.limits.total) return refused('gateway', this.limits.total, `the gateway already holds ${this.total} open streams, the most allowed`);
    this.perClient.set(client, held + 1);
    this.total += 1;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.total -= 1;
      const left = (this.perClient.get(client) ?? 1) - 1;
      if (left === 0) this.perClient.delete(client);
      else this.perClient.set(client, left);
    };
    return { granted: true, release };
  }

  /** SIGTERM: Nest's first step, before the server stops and waits for the requests in flight. */
  onModuleDestroy(): void {
    this.closing.next();
    this.closing.complete();
  }

  /** Streams open now, in all. */
  get open(): number {
    return this.total;
  }
}

const refused = (scope: TooManyStreams['scope'], limit: number, why: string): StreamSlot => ({
  granted: false,
  refusal: { error: 'too_many_streams', scope, limit, message: `${why}: close a stream, or retry later` },
});
