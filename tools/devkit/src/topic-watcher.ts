import type { TopicTail } from '@govmetrics/kafka';
import { createKafka, KafkaConfigSchema, tailTopic } from '@govmetrics/kafka';
import { firstArrival } from './first-arrival';

/** Collects every message of a topic from its beginning, parsed, for tests that wait for what a service published. */
export class TopicWatcher<T> {
  readonly messages: T[] = [];

  private tail?: TopicTail;

  static async start<T>(topic: string, parse: (value: unknown) => T, env: Record<string, string | undefined> = process.env): Promise<TopicWatcher<T>> {
    const watcher = new TopicWatcher<T>();
    watcher.tail = await tailTopic(
      createKafka(KafkaConfigSchema.parse(env)),
      topic,
      (value) => watcher.messages.push(parse(JSON.parse(value?.toString() ?? 'null'))),
      'watch',
    );
    return watcher;
  }

  /** The first message (in arrival order) `accept` takes; rejects with what arrived when none did in time. */
  until(accept: (message: T) => boolean, timeoutMs = 60_000): Promise<T> {
    return firstArrival(this.messages, accept, timeoutMs);
  }

  async stop(): Promise<void> {
    await this.tail?.stop();
  }
}
