import type { DeadLetterEntry, Rejection } from '@govmetrics/contracts';
import { DLQ_HEADERS, PlatformIdSchema, RejectionSchema } from '@govmetrics/contracts';
import type { KafkaMessage } from 'kafkajs';
import { claimedEvent, header } from './quarantine/quarantine-entry';

/** The rejections header as written by `deadLetter`; anything else (a hand-written record) as none. */
function rejectionsOf(text: string | null): Rejection[] {
  let json: unknown;
  try {
    json = JSON.parse(text ?? '[]');
  } catch {
    return [];
  }
  const parsed = RejectionSchema.array().safeParse(json);
  return parsed.success ? parsed.data : [];
}

/** A platform id as the contract spells one; anything else (a redacted key, a value's junk) names no platform. */
const platformId = (text: string | null | undefined): string | null => (PlatformIdSchema.safeParse(text).success ? (text as string) : null);

/** One record of the dead-letter topic as `GET /v1/dead-letters` shows it: its headers and what its value claims, never the value. */
export function toDeadLetterEntry(message: KafkaMessage, partition: number): DeadLetterEntry {
  const { headers } = message;
  const event = claimedEvent(message.value);
  const rejections = rejectionsOf(header(headers, DLQ_HEADERS.rejections));
  return {
    deadLetter: { partition, offset: message.offset },
    time: new Date(Number(message.timestamp)).toISOString(),
    platform: platformId(event?.platform) ?? platformId(message.key?.toString().split(':')[0]),
    rule: header(headers, DLQ_HEADERS.rule) ?? 'unknown',
    rejections,
    rejectionCount: Number(header(headers, DLQ_HEADERS.rejectionCount) ?? rejections.length),
    redactedOriginalSha256: header(headers, DLQ_HEADERS.originalSha256),
    source: {
      topic: header(headers, DLQ_HEADERS.sourceTopic) ?? 'unknown',
      partition: Number(header(headers, DLQ_HEADERS.sourcePartition) ?? 0),
      offset: header(headers, DLQ_HEADERS.sourceOffset) ?? '0',
    },
    event: event && { source: event.source, id: event.id },
  };
}
