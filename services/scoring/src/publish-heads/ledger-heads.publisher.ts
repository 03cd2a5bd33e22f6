import type { SignedHeads } from '@govmetrics/contracts';
import type { EventStore } from '@govmetrics/event-store';
import type { ChainBreak, HeadsSigningKey } from '@govmetrics/ledger';
import { ChainVerifier, signHeads } from '@govmetrics/ledger';

/** Where signed heads go: the topic, the file. */
export type HeadsSink = (document: SignedHeads) => Promise<void>;

export interface LedgerHeadsPublisherDeps {
  store: EventStore;
  key: HeadsSigningKey;
  sinks: readonly HeadsSink[];
  clock?: () => Date;
  pageSize?: number;
  /** Unchanged heads are signed again once the last publication is this old (a dated statement that the ledger stood so); never when unset. */
  keepAliveMs?: number;
}

/** The ledger broke its own chain since this publisher last read it: nothing more is signed until someone looks. */
export class UnsignableLedgerError extends Error {
  constructor(readonly firstBreak: ChainBreak) {
    super(`refusing to sign the ledger's heads: ${firstBreak.message}`);
    this.name = 'UnsignableLedgerError';
  }
}

/**
 * Signs and publishes every ledger stream's head, when one moved since the last publication (or the keep-alive is due).
 * Events are read once, after the last position seen, and chained onto what was verified before: an event already
 * signed that is rewritten later is never read again, so the heads published keep its original hash and the rewrite
 * shows against them. Publications run one at a time.
 */
export class LedgerHeadsPublisher {
  private readonly verifier = new ChainVerifier();
  private lastPosition: bigint | undefined;
  private broken: ChainBreak | undefined;
  /** Events were read that no published document covers yet. */
  private moved = false;
  private publishedAt: number | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: LedgerHeadsPublisherDeps) {}

  /** Reads what was appended since and, when a head moved or the keep-alive is due, signs every head as of now and hands the document to each sink. */
  publish(): Promise<SignedHeads | undefined> {
    const run = this.queue.then(() => this.publishNow());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async publishNow(): Promise<SignedHeads | undefined> {
    await this.readNew();
    const now = (this.deps.clock ?? (() => new Date()))();
    if (!this.due(now.getTime())) return undefined;
    const verdict = this.verifier.finish();
    if (!verdict.ok) throw new UnsignableLedgerError(verdict.firstBreak);
    const document = signHeads(verdict.heads, this.deps.key, now);
    for (const sink of this.deps.sinks) await sink(document);
    this.moved = false;
    this.publishedAt = now.getTime();
    return document;
  }

  private due(nowMs: number): boolean {
    if (this.moved || this.publishedAt === undefined) return true;
    return this.deps.keepAliveMs !== undefined && nowMs - this.publishedAt >= this.deps.keepAliveMs;
  }

  private async readNew(): Promise<void> {
    const pageSize = this.deps.pageSize ?? 500;
    for (;;) {
      if (this.broken) throw new UnsignableLedgerError(this.broken);
      const page = await this.deps.store.readAll({ fromPosition: this.lastPosition, limit: pageSize });
      for (const event of page) {
        this.broken = this.verifier.check(event);
        if (this.broken) throw new UnsignableLedgerError(this.broken);
        this.lastPosition = event.position;
        this.moved = true;
      }
      if (page.length < pageSize) return;
    }
  }
}
