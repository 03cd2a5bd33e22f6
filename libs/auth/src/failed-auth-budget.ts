import { addressKey } from './address-key';

export interface FailedAuthBudgetSettings {
  /** How fast an address earns back failed attempts. */
  failuresPerMinute: number;
  /** Failed attempts an address may make in a row before it is shut out. */
  burst: number;
  /** Addresses remembered at most; beyond, the least recently failing is forgotten first. */
  maxAddresses?: number;
}

export type FailureBudgetDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** What the budget has seen since start: failed attempts, requests refused for them, addresses forgotten to stay in bounds. */
export interface FailedAuthCounts {
  failures: number;
  refusals: number;
  forgotten: number;
}

export const DEFAULT_MAX_ADDRESSES = 10_000;

/**
 * Failed bearer attempts per remote address (an IPv6 /64 counts as one), as a leaky bucket: each failure adds one,
 * `failuresPerMinute` leak away. An address at `burst` is shut out until one has leaked, valid credential or not, so
 * guessing tokens costs time; other addresses are untouched. Memory is bounded: a map in least-recently-failed order.
 */
export class FailedAuthBudget {
  private readonly spent = new Map<string, { level: number; at: number }>();
  private readonly perMs: number;
  private readonly maxAddresses: number;
  readonly counts: FailedAuthCounts = { failures: 0, refusals: 0, forgotten: 0 };

  constructor(
    private readonly settings: FailedAuthBudgetSettings,
    private readonly nowMs: () => number = Date.now,
  ) {
    this.perMs = settings.failuresPerMinute / 60_000;
    this.maxAddresses = settings.maxAddresses ?? DEFAULT_MAX_ADDRESSES;
  }

  /** Whether `address` may try to authenticate now; a refusal is counted and says when to come back. */
  check(address: string): FailureBudgetDecision {
    const level = this.level(addressKey(address), this.nowMs());
    if (level <= this.settings.burst - 1) return { allowed: true };
    this.counts.refusals++;
    // Rounded to the millisecond first, so that float residue never turns 1 s into 2.
    const waitMs = Math.round((level - (this.settings.burst - 1)) / this.perMs);
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  /** `address` presented a credential that did not verify; true when this failure shut it out. */
  failed(address: string): boolean {
    const key = addressKey(address);
    const now = this.nowMs();
    const level = Math.min(this.settings.burst, this.level(key, now) + 1);
    this.spent.delete(key);
    this.spent.set(key, { level, at: now });
    this.counts.failures++;
    for (const oldest of this.spent.keys()) {
      if (this.spent.size <= this.maxAddresses) break;
      this.spent.delete(oldest);
      this.counts.forgotten++;
    }
    return level > this.settings.burst - 1;
  }

  /** Drops the addresses whose failures have all leaked away: they are the same as never seen. */
  forgetIdle(): void {
    const now = this.nowMs();
    for (const key of this.spent.keys()) if (this.level(key, now) === 0) this.spent.delete(key);
  }

  /** Addresses remembered now. */
  get size(): number {
    return this.spent.size;
  }

  private level(key: string, now: number): number {
    const previous = this.spent.get(key);
    return previous ? Math.max(0, previous.level - (now - previous.at) * this.perMs) : 0;
  }
}
