import type { Kafka } from 'kafkajs';
import type { ConsumedBatch } from './consumed-batch';
import { FirstHanding } from './first-handing';
import { toKafkaError } from './kafka-errors';

/** What a replay handed over: each offset once; `handedAgain` records the client fetched a second time were dropped. */
export interface ReplayCount {
  records: number;
  handedAgain: number;
}

/**
 * Reads a topic from its first offset up to the end it had when the replay began, handing over whole
 * partition batches in order, each offset once, under a fresh consumer group that commits nothing.
 */
export async function replayTopic(kafka: Kafka, topic: string, groupId: string, handle: (batch: ConsumedBatch) => Promise<void>): Promise<ReplayCount> {
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const ends = new Map(offsets.map((p) => [p.partition, BigInt(p.high)]));
  const remaining = new Set(offsets.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => p.partition));
  if (remaining.size === 0) return { records: 0, handedAgain: 0 };

  const consumer = kafka.consumer({ groupId, maxBytesPerPartition: 8 * 1024 * 1024 });
  const handing = new FirstHanding();
  let replayed = 0;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((done, fail) => {
      consumer.on(consumer.events.CRASH, (event) => fail(event.payload.error));
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            const end = ends.get(batch.partition) ?? 0n;
            const before = batch.messages.filter((message) => BigInt(message.offset) < end);
            const messages = handing.unseen(batch.partition, before);
            if (messages.length > 0) await handle({ topic, partition: batch.partition, messages });
            replayed += messages.length;
            if (before.length < batch.messages.length || BigInt(batch.lastOffset()) + 1n >= end) remaining.delete(batch.partition);
            if (remaining.size === 0) done();
          },
        })
        .catch(fail);
    });
  } catch (error) {
    throw toKafkaError(`replay ${topic}`, error);
  } finally {
    await consumer.disconnect();
  }
  return { records: replayed, handedAgain: handing.handedAgain };
}
