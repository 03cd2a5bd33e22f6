import type { Kafka } from 'kafkajs';
import { ensureTopics, type TopicSpec } from './topic-bootstrap';
import { KafkaUnavailableError } from './kafka-errors';

/**
 * Runs a start-up step again while Kafka answers "not yet" — a broker still starting, a transaction coordinator
 * still loading its log — for up to `waitMs`; any other failure, or the last one, is thrown. A service started
 * beside a booting broker then comes up when the broker does, instead of exiting.
 */
export async function whenKafkaReady<T>(step: () => Promise<T>, waitMs: number, warn?: (line: string) => void): Promise<T> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof KafkaUnavailableError) || !error.retriable || Date.now() >= deadline) throw error;
      warn?.(`waiting for Kafka: ${error.message}`);
      await new Promise((later) => setTimeout(later, 1000));
    }
  }
}

/**
 * The topics a service needs, created (or brought to their enforced configs) once Kafka answers: a service's
 * composition step, waiting up to `waitMs` (KAFKA_STARTUP_WAIT_MS) for a broker that is still starting.
 */
export const ensureTopicsWhenReady = (kafka: Kafka, topics: TopicSpec[], waitMs: number, warn?: (line: string) => void): Promise<void> =>
  whenKafkaReady(() => ensureTopics(kafka, topics), waitMs, warn);
