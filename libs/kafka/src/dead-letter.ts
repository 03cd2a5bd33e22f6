import type { Rejection } from '@govmetrics/contracts';
import { DLQ_HEADERS } from '@govmetrics/contracts';
import type { IHeaders, KafkaMessage, Message } from 'kafkajs';

/** The refused message, key and value unchanged, with why and where from in headers (`DLQ_HEADERS`). */
export function deadLetter(original: KafkaMessage, from: { topic: string; partition: number }, rejections: readonly Rejection[]): Message {
  const headers: IHeaders = {
    ...original.headers,
    [DLQ_HEADERS.rejections]: JSON.stringify(rejections),
    [DLQ_HEADERS.rule]: rejections[0]?.rule ?? 'unknown',
    [DLQ_HEADERS.sourceTopic]: from.topic,
    [DLQ_HEADERS.sourcePartition]: String(from.partition),
    [DLQ_HEADERS.sourceOffset]: original.offset,
  };
  return { key: original.key, value: original.value, headers, timestamp: original.timestamp };
}
