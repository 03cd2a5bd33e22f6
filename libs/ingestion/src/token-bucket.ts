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
    const previous = this.buckets.get(key) ?? { tokens: this.limit.burst, at: now };
    const tokens = Math.min(this.limit.burst, previous.tokens + ((now - previous.at) / 1000) * this.limit.ratePerSecond);
    const affordable = tokens >= Math.min(cost, this.limit.burst);
    this.buckets.set(key, { tokens: affordable ? tokens - cost : tokens, at: now });
    if (affordable) return { allowed: true };
    const missing = Math.min(cost, this.limit.burst) - tokens;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(missing / this.limit.ratePerSecond)) };
  }
}
