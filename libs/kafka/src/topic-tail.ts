import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { toKafkaError } from './kafka-errors';

export interface TopicTail {
  stop(): Promise<void>;
  /**
   * `attached`: its consumer is a member of its group (not before the join, not after it stopped or crashed for good).
   * `caughtUp`: attached, and every message it was to read of those there when it started has been read.
   */
  state(): { attached: boolean; caughtUp: boolean };
}

/**
 * `beginning`: the whole topic, then what follows (a topic whose history is the state). `end`: only what is written
 * after the call, measured by the partitions' high watermarks before it resolves (a topic of news, such as announcements).
 * `{ last: N }`: each partition's newest N messages, then what follows (a topic whose newest messages are the state).
 */
export type TailStart = 'beginning' | 'end' | { last: number };

/**
 * Each partition's offset to start from and its high watermark, measured before the tail resolves (so nothing written
 * after is missed): from the beginning the low watermark, from the end the high one, `{ last: N }` N before it.
 */
async function offsetsAtStart(kafka: Kafka, topic: string, from: TailStart): Promise<{ partition: number; start: bigint; high: bigint }[]> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    return (await admin.fetchTopicOffsets(topic)).map(({ partition, high, low }) => {
      const back = from === 'beginning' ? BigInt(high) - BigInt(low) : from === 'end' ? 0n : BigInt(from.last);
      const start = BigInt(high) - back;
      return { partition, start: start > BigInt(low) ? start : BigInt(low), high: BigInt(high) };
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
  const attachment = attachmentOf(consumer);
  // Partition → the offset it must read past to have caught up with what was there at the start.
  const behind = new Map<number, bigint>();
  try {
    const offsets = await offsetsAtStart(kafka, topic, from);
    for (const { partition, start, high } of offsets) if (high > start) behind.set(partition, high);
    const starts = from === 'beginning' ? [] : offsets.map(({ partition, start }) => ({ partition, offset: String(start) }));
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: ({ message, partition }) => {
        onValue(message.value, message, partition);
        if (BigInt(message.offset) + 1n >= (behind.get(partition) ?? 0n)) behind.delete(partition);
        return Promise.resolve();
      },
    });
    // A seek made before the group assigns the partitions is applied when it does, so nothing written after `starts` is missed.
    for (const { partition, offset } of starts) consumer.seek({ topic, partition, offset });
  } catch (error) {
    await consumer.disconnect().catch(() => undefined);
    throw toKafkaError(`tail ${topic}`, error);
  }
  return {
    stop: () => consumer.disconnect(),
    state: () => ({ attached: attachment.attached, caughtUp: attachment.attached && behind.size === 0 }),
  };
}

/** Follows a consumer's membership: joined, until it stops or crashes without a restart. */
function attachmentOf(consumer: Consumer): { attached: boolean } {
  const attachment = { attached: false };
  consumer.on(consumer.events.GROUP_JOIN, () => (attachment.attached = true));
  consumer.on(consumer.events.STOP, () => (attachment.attached = false));
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) attachment.attached = false;
  });
  return attachment;
}
