import type { EventStore, RecordedEvent } from '@govmetrics/event-store';
import { GENESIS_HASH, chainHash } from './hash-chain';

export type ChainBreakReason = 'unchained' | 'revision-gap' | 'prev-hash-mismatch' | 'hash-mismatch' | 'anchor-mismatch';

/** The first place where history differs from what was written. `expected` and `found` are hashes, or revisions for a gap. */
export interface ChainBreak {
  stream: string;
  revision: bigint;
  /** Position in the store; `null` when the anchored event is missing altogether. */
  position: bigint | null;
  reason: ChainBreakReason;
  expected: string;
  found: string;
  message: string;
}

/** A stream's last event as verified: publish these elsewhere and pass them back as anchors to detect truncation. */
export interface StreamHead {
  stream: string;
  revision: bigint;
  hash: string;
}

export type LedgerVerification = { ok: true; checked: number; heads: StreamHead[] } | { ok: false; checked: number; firstBreak: ChainBreak };

const describe = (b: Omit<ChainBreak, 'message'>): ChainBreak => ({
  ...b,
  message:
    `stream "${b.stream}" revision ${b.revision}${b.position === null ? '' : ` (position ${b.position})`}` +
    `: ${b.reason}, expected ${b.expected}, found ${b.found}`,
});

/** Walks events in position order, checking each stream's chain link by link; stops at the first break. */
export class ChainVerifier {
  private readonly heads = new Map<string, StreamHead>();
  private readonly anchors: Map<string, StreamHead>;
  private checked = 0;

  constructor(anchors: readonly StreamHead[] = []) {
    this.anchors = new Map(anchors.map((anchor) => [`${anchor.stream}@${anchor.revision}`, anchor]));
  }

  /** Checks the next event; returns the break it shows, if any. */
  check(event: RecordedEvent): ChainBreak | undefined {
    const at = { stream: event.stream, revision: event.revision, position: event.position };
    const previous = this.heads.get(event.stream);
    const expectedRevision = previous === undefined ? 0n : previous.revision + 1n;
    if (event.revision !== expectedRevision)
      return describe({ ...at, reason: 'revision-gap', expected: String(expectedRevision), found: String(event.revision) });
    const { hash, prevHash } = event.metadata ?? {};
    if (typeof hash !== 'string' || typeof prevHash !== 'string')
      return describe({ ...at, reason: 'unchained', expected: 'hash and prevHash in metadata', found: 'none' });
    const expectedPrev = previous?.hash ?? GENESIS_HASH;
    if (prevHash !== expectedPrev) return describe({ ...at, reason: 'prev-hash-mismatch', expected: expectedPrev, found: prevHash });
    const recomputed = chainHash({ stream: event.stream, type: event.type, data: event.data, metadata: event.metadata!, prevHash });
    if (recomputed !== hash) return describe({ ...at, reason: 'hash-mismatch', expected: recomputed, found: hash });
    const anchor = this.anchors.get(`${event.stream}@${event.revision}`);
    if (anchor !== undefined && anchor.hash !== hash) return describe({ ...at, reason: 'anchor-mismatch', expected: anchor.hash, found: hash });
    this.heads.set(event.stream, { stream: event.stream, revision: event.revision, hash });
    this.checked++;
    return undefined;
  }

  /** Checks events in order; returns the first break, if any. */
  checkAll(events: Iterable<RecordedEvent>): ChainBreak | undefined {
    for (const event of events) {
      const broken = this.check(event);
      if (broken !== undefined) return broken;
    }
    return undefined;
  }

  /** After the last event: an anchor beyond a stream's end means events were removed from its tail. */
  finish(): LedgerVerification {
    for (const anchor of this.anchors.values()) {
      const head = this.heads.get(anchor.stream);
      if (head === undefined || head.revision < anchor.revision) {
        const found = head === undefined ? 'missing: no such stream' : `missing: the stream ends at revision ${head.revision}`;
        return this.broken(
          describe({ stream: anchor.stream, revision: anchor.revision, position: null, reason: 'anchor-mismatch', expected: anchor.hash, found }),
        );
      }
    }
    return { ok: true, checked: this.checked, heads: [...this.heads.values()] };
  }

  broken(firstBreak: ChainBreak): LedgerVerification {
    return { ok: false, checked: this.checked, firstBreak };
  }
}

/** Verifies events already read, in position order. */
export function verifyChain(events: Iterable<RecordedEvent>, anchors: readonly StreamHead[] = []): LedgerVerification {
  const verifier = new ChainVerifier(anchors);
  const broken = verifier.checkAll(events);
  return broken === undefined ? verifier.finish() : verifier.broken(broken);
}

/** Reads the whole store in pages and verifies every stream's hash chain, naming the first broken link. */
export async function verifyLedger(store: EventStore, options: { anchors?: readonly StreamHead[]; pageSize?: number } = {}): Promise<LedgerVerification> {
  const verifier = new ChainVerifier(options.anchors);
  const pageSize = options.pageSize ?? 500;
  let fromPosition: bigint | undefined;
  for (;;) {
    const page = await store.readAll({ fromPosition, limit: pageSize });
    const broken = verifier.checkAll(page);
    if (broken !== undefined) return verifier.broken(broken);
    if (page.length < pageSize) return verifier.finish();
    fromPosition = page[page.length - 1]!.position;
  }
}
