import type { DeadLetterAnswer, DeadLetterEntry, DeadLetterQuery } from '@govmetrics/contracts';

/** Past this many platforms, a new one's dead letters are filed under no platform: memory stays bounded whatever names records claim. */
export const DEAD_LETTER_PLATFORMS_MAX = 1000;

const NO_PLATFORM = '';

/**
 * The dead-letter topic folded for reading: counts per platform and first rule over every record, and the newest
 * `keepPerPlatform` of each platform for the pages (older ones stay counted and on the topic). Records are counted
 * as they come, not by offsets: the validator writes in transactions, whose markers take offsets too.
 */
export class DeadLetterLog {
  private arrivals = 0;
  private readonly newest = new Map<string, { seq: number; entry: DeadLetterEntry }[]>();
  private readonly counts = new Map<string, Map<string, number>>();

  constructor(readonly keepPerPlatform: number) {}

  accept(entry: DeadLetterEntry): void {
    const platform = this.bucketOf(entry.platform);
    const kept = this.newest.get(platform) ?? [];
    kept.push({ seq: this.arrivals++, entry });
    if (kept.length > this.keepPerPlatform) kept.shift();
    this.newest.set(platform, kept);
    const rules = this.counts.get(platform) ?? new Map<string, number>();
    rules.set(entry.rule, (rules.get(entry.rule) ?? 0) + 1);
    this.counts.set(platform, rules);
  }

  /** The newest `limit` kept entries first, of one platform when given, and the counts per first rule they are drawn from. */
  page(query: DeadLetterQuery): DeadLetterAnswer {
    const platforms = query.platform === undefined ? [...this.counts.keys()] : [query.platform];
    const entries = platforms
      .flatMap((platform) => this.newest.get(platform) ?? [])
      .sort((a, b) => b.seq - a.seq)
      .slice(0, query.limit)
      .map(({ entry }) => entry);
    return { ...this.tally(platforms), keptPerPlatform: this.keepPerPlatform, entries };
  }

  /** Dead letters per first rule of these platforms (all by default), without listing any. */
  tally(platforms: readonly string[] = [...this.counts.keys()]): { total: number; counts: Record<string, number> } {
    // A Map, then own properties: a rule is whatever a header said, `__proto__` included.
    const counts = new Map<string, number>();
    for (const platform of platforms) for (const [rule, count] of this.counts.get(platform) ?? []) counts.set(rule, (counts.get(rule) ?? 0) + count);
    return { total: [...counts.values()].reduce((sum, count) => sum + count, 0), counts: Object.fromEntries(counts) };
  }

  private bucketOf(platform: string | null): string {
    if (platform === null || this.counts.has(platform)) return platform ?? NO_PLATFORM;
    return this.counts.size < DEAD_LETTER_PLATFORMS_MAX ? platform : NO_PLATFORM;
  }
}
