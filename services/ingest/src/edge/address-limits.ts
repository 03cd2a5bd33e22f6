import { addressKey, FailedAuthBudget } from '@govmetrics/auth';
import { type RateDecision, TokenBuckets } from '@govmetrics/ingestion';

export interface AddressLimitSettings {
  requestsPerSecond: number;
  requestBurst: number;
  authFailuresPerMinute: number;
  authFailureBurst: number;
}

/**
 * Budgets per remote address, beside the per-key event budget: requests of any kind, and failed authentications.
 * An address whose failures are spent is refused outright, valid key or not, so guessing keys costs time, not just 401s.
 */
export class AddressLimits {
  private readonly requests: TokenBuckets;
  private readonly authFailures: FailedAuthBudget;

  constructor(settings: AddressLimitSettings, nowMs: () => number = Date.now) {
    this.requests = new TokenBuckets({ ratePerSecond: settings.requestsPerSecond, burst: settings.requestBurst }, nowMs);
    this.authFailures = new FailedAuthBudget({ failuresPerMinute: settings.authFailuresPerMinute, burst: settings.authFailureBurst }, nowMs);
  }

  /** A request arrives from `address`: spends one request, unless the address is shut out by its failures. */
  admit(address: string): RateDecision & { reason?: 'requests' | 'authentication_failures' } {
    const shutOut = this.authFailures.check(address);
    if (!shutOut.allowed) return { ...shutOut, reason: 'authentication_failures' };
    const decision = this.requests.take(addressKey(address), 1);
    return decision.allowed ? decision : { ...decision, reason: 'requests' };
  }

  authenticationFailed(address: string): void {
    this.authFailures.failed(address);
  }

  /** Forgets addresses whose budgets are full again, so the tables hold only recent senders. */
  forgetIdle(): void {
    this.requests.forgetFull();
    this.authFailures.forgetIdle();
  }
}
