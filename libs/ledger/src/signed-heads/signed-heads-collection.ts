import type { RejectedHeads, SignedHeadsCheck } from '@govmetrics/contracts';
import type { StreamHead } from '../verify-ledger';
import type { HeadsVerifyKeys } from './heads-keys';
import { verifySignedHeads } from './signed-heads';

const KEPT_REJECTIONS = 20;

/**
 * Every published heads document read so far (a file's lines, a topic's messages), each checked before it counts:
 * the heads of all that pass are the anchors a verification checks the ledger against, so a tail rewritten before
 * the newest publication is caught by an older one too. Documents are taken in the order they were published.
 * Refused documents are kept to be reported, never trusted.
 */
export class SignedHeadsCollection {
  private readonly anchorsByRevision = new Map<string, StreamHead>();
  private newest: SignedHeadsCheck['newest'] = null;
  private trusted = 0;
  private readonly rejected: RejectedHeads[] = [];
  private rejectedCount = 0;

  constructor(private readonly keys: HeadsVerifyKeys) {}

  /** Checks one document; `source` says where it was read (file:line, topic partition:offset). */
  accept(document: unknown, source: string): void {
    const verdict = verifySignedHeads(document, this.keys);
    if (!verdict.ok) {
      this.rejectedCount++;
      this.rejected.push({ reason: verdict.reason, source, message: verdict.message });
      if (this.rejected.length > KEPT_REJECTIONS) this.rejected.shift();
      return;
    }
    this.trusted++;
    // The first signed hash of a revision stands: a publisher restarted after a rewrite signs the rewritten chain, later.
    for (const head of verdict.heads)
      if (!this.anchorsByRevision.has(`${head.stream}@${head.revision}`)) this.anchorsByRevision.set(`${head.stream}@${head.revision}`, head);
    if (this.newest === null || Date.parse(verdict.at) >= Date.parse(this.newest.at)) this.newest = { at: verdict.at, keyId: verdict.keyId };
  }

  anchors(): StreamHead[] {
    return [...this.anchorsByRevision.values()];
  }

  check(): SignedHeadsCheck {
    return {
      trusted: this.trusted,
      newest: this.newest,
      anchors: this.anchorsByRevision.size,
      rejected: [...this.rejected],
      rejectedCount: this.rejectedCount,
    };
  }
}
