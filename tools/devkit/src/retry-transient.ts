export interface RetryOptions {
  /** Whether a failure may pass if tried again (a dropped connection), rather than say something is wrong. */
  isTransient: (error: unknown) => boolean;
  /** Tries in all, the first included. */
  attempts?: number;
  /** The wait before the second try; it doubles before each further one. */
  firstDelayMs?: number;
  /** Told each failure that will be tried again, and after how long. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/**
 * Runs `step` until it succeeds, tries again with a doubling wait while it fails transiently, and rethrows the first
 * failure that is not transient or the last one when the tries are spent. `step` must be safe to repeat.
 */
export async function retryTransient<T>(step: () => Promise<T>, { isTransient, attempts = 4, firstDelayMs = 500, onRetry }: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await step();
    } catch (error) {
      if (attempt >= attempts || !isTransient(error)) throw error;
      const delayMs = firstDelayMs * 2 ** (attempt - 1);
      onRetry?.(error, attempt, delayMs);
      await new Promise((later) => setTimeout(later, delayMs));
    }
  }
}
