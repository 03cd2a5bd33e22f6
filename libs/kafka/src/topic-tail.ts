import type { Consumer, Kafka } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { toKafkaError } from './kafka-errors';

export interface TopicTail {
  stop(): Promise<void>;
}

/**
 * Follows a topic from its first offset, message by message, under a consumer group of its own that commits
 * nothing: every follower (each gateway replica, each test) sees the whole topic, however many there are.
 * Meant for small topics whose whole history is the state (score snapshots), not for the usage stream.
 */
export async function tailTopic(kafka: Kafka, topic: string, onValue: (value: Buffer | null) => void, groupPrefix = 'tail'): Promise<TopicTail> {
  const consumer: Consumer = kafka.consumer({ groupId: `${groupPrefix}-${randomBytes(6).toString('hex')}` });
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: ({ message }) => {
        onValue(message.value);
        return Promise.resolve();
      },
    });
  } catch (error) {
    await consumer.disconnect().catch(() => undefined);
    throw toKafkaError(`tail ${topic}`, error);
  }
  return { stop: () => consumer.disconnect() };
}
