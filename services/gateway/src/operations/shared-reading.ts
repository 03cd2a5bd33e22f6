/**
 * One computation shared by every caller for `intervalMs` after it started: callers within the interval (and those
 * waiting on it) get the same promise. A failed computation is not kept past its own callers, so the next one retries.
 */
export class SharedReading<T> {
  private current?: { startedAt: number; value: Promise<T> };
  /** How many computations ran: what the specs count to prove sharing. */
  computations = 0;

  constructor(
    private readonly compute: () => Promise<T>,
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  read(): Promise<T> {
    const at = this.now();
    if (this.current && at - this.current.startedAt < this.intervalMs) return this.current.value;
    this.computations += 1;
    const value = this.compute();
    const current = { startedAt: at, value };
    this.current = current;
    value.catch(() => {
      if (this.current === current) this.current = undefined;
    });
    return value;
  }
}
