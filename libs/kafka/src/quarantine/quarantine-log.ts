import type { QuarantineAnswer, QuarantineEntry, QuarantineQuery } from '@govmetrics/contracts';
import { platformOf } from './quarantine-entry';

/** Where a record came from: a record quarantined twice (a crash between publishing and committing) is one record. */
const sourceOf = (entry: QuarantineEntry): string => `${entry.source.topic}/${entry.source.partition}/${entry.source.offset}`;

/**
 * The quarantine topic folded for reading: each source record once (its first quarantine), counts per platform
 * and reason over all of them, and the newest `keep` entries for the pages (memory stays bounded however
 * large the topic grows; older entries stay counted and in the topic, where `quarantine list` reads them).
 */
export class QuarantineLog {
  private readonly seen = new Set<string>();
  private readonly newest: QuarantineEntry[] = [];
  private readonly counts = new Map<string, Map<string, number>>();

  constructor(private readonly keep = 10_000) {}

  accept(entry: QuarantineEntry): void {
    const source = sourceOf(entry);
    if (this.seen.has(source)) return;
    this.seen.add(source);
    this.newest.push(entry);
    if (this.newest.length > this.keep) this.newest.shift();
    const platform = platformOf(entry) ?? '';
    const reasons = this.counts.get(platform) ?? new Map<string, number>();
    reasons.set(entry.reason, (reasons.get(entry.reason) ?? 0) + 1);
    this.counts.set(platform, reasons);
  }

  /** The newest `limit` entries first, of one platform when given, and the counts per reason they are drawn from. */
  page(query: QuarantineQuery): QuarantineAnswer {
    // A Map, then own properties: a reason is whatever a header said, `__proto__` included.
    const counts = new Map<string, number>();
    for (const [platform, reasons] of this.counts) {
      if (query.platform !== undefined && platform !== query.platform) continue;
      for (const [reason, count] of reasons) counts.set(reason, (counts.get(reason) ?? 0) + count);
    }
    const matching = query.platform === undefined ? this.newest : this.newest.filter((entry) => platformOf(entry) === query.platform);
    const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
    return { total, counts: Object.fromEntries(counts), entries: matching.slice(-query.limit).reverse() };
  }
}
