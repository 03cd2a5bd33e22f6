/** Retries of one notification: how many attempts in all and how the wait between them grows. */
export interface BackoffPolicy {
  attempts: number;
  baseMs: number;
  maxMs: number;
}

/**
 * The wait before attempt `attempt` (2, 3, …): "full jitter", a uniform draw in [0, min(max, base × 2^(attempt-2))],
 * so receivers that come back are not hit by every sender at once and no wait exceeds `maxMs`.
 */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 2));
  return Math.floor(random() * ceiling);
}
