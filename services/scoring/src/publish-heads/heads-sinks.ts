import type { SignedHeads } from '@govmetrics/contracts';
import type { TopicSpec } from '@govmetrics/kafka';
import { JsonMessagePublisher } from '@govmetrics/kafka';
import type { Kafka } from 'kafkajs';
import { appendFile } from 'node:fs/promises';
import type { HeadsSink } from './ledger-heads.publisher';

/** Signed heads on Kafka: one partition keeps them in order; no compaction and no retention limit, so every one is kept. */
export const ledgerHeadsTopic = (topic: string): TopicSpec => ({ topic, partitions: 1 });

/** A connected producer of signed heads to `topic`. */
export async function kafkaHeadsSink(kafka: Kafka, topic: string): Promise<{ sink: HeadsSink; close(): Promise<void> }> {
  const producer = new JsonMessagePublisher<SignedHeads>(kafka, topic, (document) => document.keyId);
  await producer.connect();
  return { sink: (document) => producer.publish(document), close: () => producer.disconnect() };
}

/** Appends each document as one line of NDJSON. */
export const fileHeadsSink =
  (path: string): HeadsSink =>
  (document) =>
    appendFile(path, `${JSON.stringify(document)}\n`, 'utf8');
