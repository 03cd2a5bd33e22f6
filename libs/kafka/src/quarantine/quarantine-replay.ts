import type { QuarantineEntry } from '@govmetrics/contracts';
import { QUARANTINE_HEADERS, REPLAYED_FROM_QUARANTINE_HEADER } from '@govmetrics/contracts';
import type { IHeaders, Kafka, KafkaMessage, Message } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { replayTopic } from '../replay-topic';
import { toQuarantineEntry } from './quarantine-entry';

export interface QuarantinedRecord {
  entry: QuarantineEntry;
  message: KafkaMessage;
}

/** The whole quarantine topic as it stands, oldest first per partition, under a throwaway consumer group. */
export async function readQuarantine(kafka: Kafka, topic: string): Promise<QuarantinedRecord[]> {
  const records: QuarantinedRecord[] = [];
  await replayTopic(kafka, topic, `quarantine-read-${randomBytes(6).toString('hex')}`, (batch) => {
    for (const message of batch.messages) records.push({ entry: toQuarantineEntry(message, batch.partition), message });
    return Promise.resolve();
  });
  return records;
}

const QUARANTINE_ONLY = new Set<string>(Object.values(QUARANTINE_HEADERS));

/**
 * The record as it was on its source topic (key, value and its own headers), plus a header naming the quarantine
 * offset it comes from, addressed to its original partition: the fold counts each (source, id) once, so a replay,
 * even a second one, never counts an event twice.
 */
export function replayOf({ entry, message }: QuarantinedRecord): { topic: string; partition: number; message: Message } {
  const headers: IHeaders = Object.fromEntries(Object.entries(message.headers ?? {}).filter(([name]) => !QUARANTINE_ONLY.has(name)));
  headers[REPLAYED_FROM_QUARANTINE_HEADER] = `${entry.quarantine.partition}:${entry.quarantine.offset}`;
  return {
    topic: entry.source.topic,
    partition: entry.source.partition,
    message: { key: message.key, value: message.value, headers, partition: entry.source.partition },
  };
}
