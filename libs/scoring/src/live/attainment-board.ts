import type { KpiAttainment } from '@govmetrics/contracts';

/**
 * The latest score snapshot of every scorecard stream, as an operator's board shows it. `kpi.attainment.v1` is
 * delivered at least once and, across partitions, in no global order: a snapshot is news only when its ledger
 * revision is newer than the one the board holds for its stream.
 */
export class AttainmentBoard {
  private readonly latest = new Map<string, KpiAttainment>();

  /** Takes a snapshot in; true when it replaced an older one (or was the stream's first), false for a repeat or a stale one. */
  accept(attainment: KpiAttainment): boolean {
    const held = this.latest.get(attainment.ledger.stream);
    if (held !== undefined && BigInt(held.ledger.revision) >= BigInt(attainment.ledger.revision)) return false;
    this.latest.set(attainment.ledger.stream, attainment);
    return true;
  }

  /** The current snapshot of every stream, ordered by stream name so that answers are stable. */
  current(): KpiAttainment[] {
    return [...this.latest.values()].sort((a, b) => (a.ledger.stream < b.ledger.stream ? -1 : a.ledger.stream > b.ledger.stream ? 1 : 0));
  }
}
