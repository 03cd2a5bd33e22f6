import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { toKafkaError } from './kafka-errors';

export interface TopicTail {
  stop(): Promise<void>;
}

/**
 * `beginning`: the whole topic, then what follows (a topic whose history is the state). `end`: only what is written
 * after the call, measured by the partitions' high watermarks before it resolves (a topic of news, such as announcements).
 * `{ last: N }`: each partition's newest N messages, then what follows (a topic whose newest messages are the state).
 */
export type TailStart = 'beginning' | 'end' | { last: number };

/** Where each partition's follower starts, measured before it resolves; `undefined` from the beginning. */
async function startOffsets(kafka: Kafka, topic: string, from: TailStart): Promise<{ partition: number; offset: string }[] | undefined> {
  if (from === 'beginning') return undefined;
  const back = from === 'end' ? 0n : BigInt(from.last);
  const admin = kafka.admin();
  try {
    await admin.connect();
    return (await admin.fetchTopicOffsets(topic)).map(({ partition, high, low }) => {
      const start = BigInt(high) - back;
      return { partition, offset: String(start > BigInt(low) ? start : BigInt(low)) };
    });
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
    const starts = await startOffsets(kafka, topic, from);
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
    for (const { partition, offset } of starts ?? []) consumer.seek({ topic, partition, offset });
  } catch (error) {
    await consumer.disconnect().catch(() => undefined);
    throw toKafkaError(`tail ${topic}`, error);
  }
  return { stop: () => consumer.disconnect() };
}
