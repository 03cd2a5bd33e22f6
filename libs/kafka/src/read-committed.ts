import type { KafkaMessage } from 'kafkajs';
import { Kafka, logLevel } from 'kafkajs';
import { randomBytes } from 'node:crypto';

/**
 * Everything committed on `topic`, read as a read_committed consumer (the projector's view): stops once
 * `atLeast` messages arrived and nothing more came for `quietMs`, or at `timeoutMs`.
 */
export async function readCommitted(
  brokers: string[],
  topic: string,
  options: { atLeast: number; quietMs?: number; timeoutMs?: number },
): Promise<KafkaMessage[]> {
  const kafka = new Kafka({ clientId: 'read-committed', brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `reader-${randomBytes(6).toString('hex')}`, readUncommitted: false });
  const messages: KafkaMessage[] = [];
  let lastArrival = Date.now();
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        messages.push(message);
        lastArrival = Date.now();
        return Promise.resolve();
      },
    });
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    const quietMs = options.quietMs ?? 1500;
    while (Date.now() < deadline && !(messages.length >= options.atLeast && Date.now() - lastArrival >= quietMs)) {
      await new Promise((done) => setTimeout(done, 100));
    }
    return messages;
  } finally {
    await consumer.disconnect();
  }
}
