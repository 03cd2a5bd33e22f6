import { CompletenessLedger, foldCompletenessRecord } from '@govmetrics/foresight';
import { tailTopic, type TopicTail } from '@govmetrics/kafka';
import type { Kafka } from 'kafkajs';

/** Declarations arriving together (a platform catching up on a month) are rescored once. */
const COALESCE_MS = 200;
const POLL_MS = 50;

/**
 * Follows `usage.completeness.v1` from its beginning into a {@link CompletenessLedger}, under a throw-away group of its
 * own (every scoring replica sees every declaration). A record that is not a declaration (a platform writes the topic
 * directly) is logged and skipped: it declares nothing. Once started, each newly declared day calls `onDeclared`, at
 * most once per {@link COALESCE_MS}.
 */
export class CompletenessFollower {
  readonly ledger = new CompletenessLedger();
  private tail?: TopicTail;
  private pending?: NodeJS.Timeout;
  private declared: string[] = [];
  private onDeclared?: (what: string) => Promise<void>;

  private constructor(private readonly log: (line: string) => void) {}

  /** Resolves once every declaration on the topic when it was called is folded, so the first scores already know them. */
  static async start(kafka: Kafka, topic: string, waitMs: number, log: (line: string) => void): Promise<CompletenessFollower> {
    const follower = new CompletenessFollower(log);
    follower.tail = await tailTopic(
      kafka,
      topic,
      (value, message, partition) => follower.fold(value, Number(message.timestamp), `${partition}:${message.offset}`),
      'scoring-completeness',
    );
    const deadline = Date.now() + waitMs;
    while (!follower.tail.state().caughtUp) {
      if (Date.now() > deadline) throw new Error(`the completeness declarations on ${topic} were not read within ${waitMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    return follower;
  }

  /** From now on, a newly declared day triggers `onDeclared` (a rescoring). */
  notify(onDeclared: (what: string) => Promise<void>): void {
    this.onDeclared = onDeclared;
  }

  async stop(): Promise<void> {
    clearTimeout(this.pending);
    await this.tail?.stop();
  }

  private fold(value: Buffer | null, timestampMs: number, at: string): void {
    const outcome = foldCompletenessRecord(this.ledger, value?.toString('utf8') ?? null, timestampMs);
    if (!outcome.folded) {
      this.log(`completeness record ${at} skipped, not a declaration: ${JSON.stringify(outcome.rejections.slice(0, 3))}`);
      return;
    }
    if (!outcome.newDay || !this.onDeclared) return;
    this.declared.push(at);
    this.pending ??= setTimeout(() => this.flush(), COALESCE_MS);
  }

  private flush(): void {
    const what = `${this.declared.length} new day(s), last at ${this.declared.at(-1) ?? ''}`;
    this.declared = [];
    this.pending = undefined;
    // A failed rescoring is retried by the next declaration or aggregate change; the ledger keeps what was declared.
    this.onDeclared?.(what).catch((error: unknown) => this.log(`rescoring after ${what} failed: ${error instanceof Error ? error.message : String(error)}`));
  }
}
