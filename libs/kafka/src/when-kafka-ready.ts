import { KafkaUnavailableError } from './kafka-errors';

export interface ReadyWaitOptions {
  /** Told each failure waited out. */
  warn?: (line: string) => void;
  /** Between attempts: a second for a broker that is starting, less for a change it is taking up. */
  pauseMs?: number;
}

/**
 * Runs a step again while Kafka answers "not yet" — a broker still starting, a transaction coordinator still loading
 * its log, a topic's partitions still being taken up — for up to `waitMs`; any other failure, or the last one, is
 * thrown. A service started beside a booting broker then comes up when the broker does, instead of exiting.
 */
export async function whenKafkaReady<T>(step: () => Promise<T>, waitMs: number, { warn, pauseMs = 1000 }: ReadyWaitOptions = {}): Promise<T> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof KafkaUnavailableError) || !error.retriable || Date.now() >= deadline) throw error;
      warn?.(`waiting for Kafka: ${error.message}`);
      await new Promise((later) => setTimeout(later, pauseMs));
    }
  }
}
