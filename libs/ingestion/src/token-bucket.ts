/** Per-key budget of events: `ratePerSecond` refill, at most `burst` in the bucket. */
export interface RateLimit {
  ratePerSecond: number;
  burst: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Token buckets, one per key. A batch takes as many tokens as it has events, all or nothing, so a throttled
 * batch writes nothing. A batch larger than `burst` is allowed when the bucket is full, leaving it in debt.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly nowMs: () => number = Date.now,
  ) {}

  take(key: string, cost: number): RateDecision {
    const now = this.nowMs();
    const tokens = this.level(key, now);
    const decision = this.decide(tokens, cost);
    this.buckets.set(key, { tokens: decision.allowed ? tokens - cost : tokens, at: now });
    return decision;
  }

  /** What `take` would decide, spending nothing. */
  check(key: string, cost: number): RateDecision {
    return this.decide(this.level(key, this.nowMs()), cost);
  }

  /** Drops the buckets refilled to their burst: a full bucket is the same as none, so memory follows recent keys only. */
  forgetFull(): void {
    const now = this.nowMs();
    for (const key of this.buckets.keys()) if (this.level(key, now) >= this.limit.burst) this.buckets.delete(key);
  }

  get size(): number {
    return this.buckets.size;
  }

  private level(key: string, now: number): number {
    const previous = this.buckets.get(key);
    if (!previous) return this.limit.burst;
    return Math.min(this.limit.burst, previous.tokens + ((now - previous.at) / 1000) * this.limit.ratePerSecond);
  }

  private decide(tokens: number, cost: number): RateDecision {
    const needed = Math.min(cost, this.limit.burst);
    if (tokens >= needed) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((needed - tokens) / this.limit.ratePerSecond)) };
  }
}
