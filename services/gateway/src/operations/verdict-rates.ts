import type { VerdictRates as VerdictRatesAnswer } from '@govmetrics/contracts';

export type Verdict = 'accepted' | 'duplicate' | 'rejected';

/** One minute of one platform: its verdicts, and the batches refused whole per rule. */
interface MinuteCounts extends Record<Verdict, number> {
  refusedBatches: Record<string, number>;
}

const MINUTE_MS = 60_000;
/** Platforms are named by what records claim: past this many, a new name is counted under no platform (null). */
const MAX_PLATFORMS = 1000;

const sum = (counts: readonly number[]) => counts.reduce((total, n) => total + n, 0);

/** Per-rule counts of several minutes added up. */
function rulesOver(minutes: readonly Record<string, number>[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const [rule, n] of minutes.flatMap((counts) => Object.entries(counts))) total[rule] = (total[rule] ?? 0) + n;
  return total;
}

/**
 * Verdicts counted per platform and per minute of their record's time, over the newest `windowMinutes` minutes
 * (the current one included); older minutes are dropped as time moves on, so memory is bounded by platforms × window.
 */
export class VerdictRates {
  /** Platform (null: none named) → minute start (ms) → counts. */
  private readonly minutes = new Map<string | null, Map<number, MinuteCounts>>();

  constructor(private readonly windowMinutes: number) {}

  count(platform: string | null, verdict: Verdict, atMs: number, nowMs = Date.now()): void {
    this.countMany(platform, verdict, 1, atMs, nowMs);
  }

  /** `n` verdicts at once: a batch's summary counts its rejections and duplicates in one call. */
  countMany(platform: string | null, verdict: Verdict, n: number, atMs: number, nowMs = Date.now()): void {
    const counts = this.minuteOf(platform, atMs, nowMs);
    if (counts) counts[verdict] += n;
  }

  /** A batch the HTTP ingest refused whole, by the rule its summary names. */
  countRefusedBatch(platform: string, rule: string, atMs: number, nowMs = Date.now()): void {
    const counts = this.minuteOf(platform, atMs, nowMs);
    if (counts) counts.refusedBatches[rule] = (counts.refusedBatches[rule] ?? 0) + 1;
  }

  /** The counts of `atMs`'s minute, made when missing; undefined when that minute has left the window. */
  private minuteOf(platform: string | null, atMs: number, nowMs: number): MinuteCounts | undefined {
    const minute = Math.floor(atMs / MINUTE_MS) * MINUTE_MS;
    if (minute < this.firstMinute(nowMs)) return undefined;
    const key = this.minutes.has(platform) || this.minutes.size < MAX_PLATFORMS ? platform : null;
    const perMinute = this.minutes.get(key) ?? new Map<number, MinuteCounts>();
    this.minutes.set(key, perMinute);
    const counts = perMinute.get(minute) ?? { accepted: 0, duplicate: 0, rejected: 0, refusedBatches: {} };
    perMinute.set(minute, counts);
    return counts;
  }

  /** Each platform's counts per minute, oldest first, the last entry the current (partial) minute. */
  read(nowMs = Date.now()): VerdictRatesAnswer {
    const first = this.firstMinute(nowMs);
    this.forgetBefore(first);
    const starts = Array.from({ length: this.windowMinutes }, (_, i) => first + i * MINUTE_MS);
    const platforms = [...this.minutes.entries()]
      .map(([platform, perMinute]) => ({
        platform,
        accepted: starts.map((start) => perMinute.get(start)?.accepted ?? 0),
        duplicates: starts.map((start) => perMinute.get(start)?.duplicate ?? 0),
        rejected: starts.map((start) => perMinute.get(start)?.rejected ?? 0),
        refusedBatches: starts.map((start) => sum(Object.values(perMinute.get(start)?.refusedBatches ?? {}))),
        refusedBatchRules: rulesOver(starts.map((start) => perMinute.get(start)?.refusedBatches ?? {})),
      }))
      .sort((a, b) => (a.platform ?? '\uffff').localeCompare(b.platform ?? '\uffff'));
    return { intervalSeconds: MINUTE_MS / 1000, from: new Date(first).toISOString(), platforms };
  }

  private firstMinute(nowMs: number): number {
    return (Math.floor(nowMs / MINUTE_MS) - this.windowMinutes + 1) * MINUTE_MS;
  }

  private forgetBefore(first: number): void {
    for (const [platform, perMinute] of this.minutes) {
      for (const minute of perMinute.keys()) if (minute < first) perMinute.delete(minute);
      if (perMinute.size === 0) this.minutes.delete(platform);
    }
  }
}
