/** Each dependency's state: `ok`, or why it did not answer. */
export interface Readiness<Name extends string> {
  ready: boolean;
  failed: Name[];
  checks: Record<Name, string>;
}

export interface ReadinessOptions {
  /** How long an answer is reused: probes hit the dependencies at most once per period, however often /health is asked. */
  cacheMs: number;
  /** A probe that has not answered by then counts as failed. */
  timeoutMs: number;
  now?: () => number;
}

const withTimeout = (probe: Promise<void>, timeoutMs: number): Promise<void> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([probe, timeout]).finally(() => clearTimeout(timer));
};

/**
 * Runs every dependency's probe side by side and keeps the answer for `cacheMs`; callers that ask while probes run
 * share that run. A probe resolves when its dependency answers and rejects (or times out) when it does not.
 */
export class CachedReadiness<Name extends string> {
  private answer?: { at: number; readiness: Promise<Readiness<Name>> };
  private readonly now: () => number;

  constructor(
    private readonly probes: Record<Name, () => Promise<void>>,
    private readonly options: ReadinessOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  current(): Promise<Readiness<Name>> {
    if (this.answer === undefined || this.now() - this.answer.at >= this.options.cacheMs) this.answer = { at: this.now(), readiness: this.probe() };
    return this.answer.readiness;
  }

  private async probe(): Promise<Readiness<Name>> {
    const names = Object.keys(this.probes) as Name[];
    const outcomes = await Promise.allSettled(names.map((name) => withTimeout(this.probes[name](), this.options.timeoutMs)));
    const checks = Object.fromEntries(
      names.map((name, n) => {
        const outcome = outcomes[n] as PromiseSettledResult<void>;
        return [name, outcome.status === 'fulfilled' ? 'ok' : outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason)];
      }),
    ) as Record<Name, string>;
    const failed = names.filter((name) => checks[name] !== 'ok');
    return { ready: failed.length === 0, failed, checks };
  }
}
