import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { toKafkaError } from './kafka-errors';

export interface TopicTail {
  stop(): Promise<void>;
}

/**
 * `beginning`: the whole topic, then what follows (a topic whose history is the state). `end`: only what is written
 * after the call, measured by the partitions' high watermarks before it resolves (a topic of news, such as announcements).
 */
export type TailStart = 'beginning' | 'end';

/** Each partition's high watermark: where a follower of news starts, whenever its group join completes. */
async function highWatermarks(kafka: Kafka, topic: string): Promise<{ partition: number; high: string }[]> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    return await admin.fetchTopicOffsets(topic);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Follows a topic message by message under a consumer group of its own that commits nothing: every follower (each
 * gateway replica, each test) sees every message, however many there are. From the beginning it is meant for small
 * topics whose whole history is the state (score snapshots), not for the usage stream.
 */
export async function tailTopic(
  kafka: Kafka,
  topic: string,
  onValue: (value: Buffer | null, message: KafkaMessage, partition: number) => void,
  groupPrefix = 'tail',
  from: TailStart = 'beginning',
): Promise<TopicTail> {
  const consumer: Consumer = kafka.consumer({ groupId: `${groupPrefix}-${randomBytes(6).toString('hex')}` });
  try {
    const starts = from === 'end' ? await highWatermarks(kafka, topic) : undefined;
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: ({ message, partition }) => {
        onValue(message.value, message, partition);
        return Promise.resolve();
      },
    });
    // A seek made before the group assigns the partitions is applied when it does, so nothing written after `starts` is missed.
    for (const { partition, high } of starts ?? []) consumer.seek({ topic, partition, offset: high });
  } catch (error) {
    await consumer.disconnect().catch(() => undefined);
    throw toKafkaError(`tail ${topic}`, error);
  }
  return { stop: () => consumer.disconnect() };
}
