import type { AlertEvaluator } from './alert-evaluator';
import type { AlertNotifier } from './alert-notifier';

/**
 * The evaluator run every `everyMs` (0: never), one round at a time, and the notifier; a failed round is logged
 * and the next one judges again (the rules and the ledger are unchanged by a failure). `stop` waits for the round in hand.
 */
export class Alerting {
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly evaluator: AlertEvaluator,
    readonly notifier: AlertNotifier,
    private readonly everyMs: number,
    private readonly log: (line: string) => void,
    /** Releases what the rounds read with (the broker admin connection), once the last round is done. */
    private readonly release: () => Promise<void> = () => Promise.resolve(),
  ) {}

  start(): this {
    if (this.everyMs > 0) this.schedule(0);
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
    await this.release();
    await this.notifier.close();
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.round = this.evaluator
        .evaluate()
        .then(() => undefined)
        .catch((error: unknown) =>
          this.log(`alert evaluation failed, judged again in ${this.everyMs} ms: ${error instanceof Error ? error.message : String(error)}`),
        )
        .finally(() => this.schedule(this.everyMs));
    }, delayMs);
  }
}
