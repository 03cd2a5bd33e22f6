import { createKafka, KafkaConfigSchema } from '@govmetrics/kafka';
import { randomBytes } from 'node:crypto';
import type { Consumer } from 'kafkajs';

/** Collects every message of a topic from its beginning, parsed, for tests that wait for what a service published. */
export class TopicWatcher<T> {
  readonly messages: T[] = [];

  private constructor(private readonly consumer: Consumer) {}

  static async start<T>(topic: string, parse: (value: unknown) => T, env: Record<string, string | undefined> = process.env): Promise<TopicWatcher<T>> {
    const kafka = createKafka(KafkaConfigSchema.parse(env));
    const consumer = kafka.consumer({ groupId: `watch-${randomBytes(6).toString('hex')}`, allowAutoTopicCreation: true });
    const watcher = new TopicWatcher<T>(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        watcher.messages.push(parse(JSON.parse(message.value?.toString() ?? 'null')));
        return Promise.resolve();
      },
    });
    return watcher;
  }

  /** The first message (in arrival order) `accept` takes; rejects with what arrived when none did in time. */
  async until(accept: (message: T) => boolean, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(accept);
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`no matching message after ${timeoutMs} ms; ${this.messages.length} arrived`);
      await new Promise((done) => setTimeout(done, 200));
    }
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}
