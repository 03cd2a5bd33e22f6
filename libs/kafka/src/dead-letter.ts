import type { Rejection } from '@govmetrics/contracts';
import { DLQ_HEADERS, VERDICT_LIMITS } from '@govmetrics/contracts';
import { PII_RULE, redactPii, TOO_MANY_ERRORS_RULE } from '@govmetrics/ingestion';
import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import { hash } from 'node:crypto';

/**
 * Bounds of the rejections header: one event can break thousands of rules, and a header must stay small. A list the
 * validator capped (its entries and its marker) passes whole; only the byte bound can cut it further.
 */
export const DLQ_REJECTIONS_MAX_ENTRIES = VERDICT_LIMITS.rejectionsPerEvent + 1;
export const DLQ_REJECTIONS_MAX_BYTES = 8 * 1024;
const FIELD_MAX_CHARS = 400;
/** Room kept for the closing `too_many_errors` entry. */
const MARKER_RESERVE_BYTES = 200;

const clip = (text: string) => (text.length <= FIELD_MAX_CHARS ? text : `${text.slice(0, FIELD_MAX_CHARS)}…`);

/** The leading rejections, each field clipped, that fit `maxEntries` and `maxBytes` of JSON. */
function leading(rejections: readonly Rejection[], maxEntries: number, maxBytes: number): Rejection[] {
  const listed: Rejection[] = [];
  let bytes = 2;
  for (const rejection of rejections) {
    const entry = { path: clip(rejection.path), rule: clip(rejection.rule), message: clip(rejection.message) };
    bytes += Buffer.byteLength(JSON.stringify(entry)) + 1;
    if (listed.length === maxEntries || bytes > maxBytes) break;
    listed.push(entry);
  }
  return listed;
}

/** Every rejection if they fit 20 entries and 8 KiB of JSON; else the first ones and a `too_many_errors` entry counting the rest. */
export function boundedRejections(rejections: readonly Rejection[]): Rejection[] {
  const all = leading(rejections, DLQ_REJECTIONS_MAX_ENTRIES, DLQ_REJECTIONS_MAX_BYTES);
  if (all.length === rejections.length) return all;
  const listed = leading(rejections, DLQ_REJECTIONS_MAX_ENTRIES - 1, DLQ_REJECTIONS_MAX_BYTES - MARKER_RESERVE_BYTES);
  const rest = rejections.length - listed.length;
  return [...listed, { path: '$', rule: TOO_MANY_ERRORS_RULE, message: `${rest} more rejections of ${rejections.length} not listed` }];
}

const redacted = (buffer: Buffer | null, rejections: readonly Rejection[]) =>
  buffer === null ? { text: null, redacted: false } : redactPii(buffer.toString('utf8'), rejections);

/**
 * The refused message with why and where from in headers (`DLQ_HEADERS`): key and value unchanged, unless they carry
 * personal data — the DLQ is kept forever, so they are then a redacted copy (`redactPii`) and the value's digest.
 */
export function deadLetter(original: KafkaMessage, from: { topic: string; partition: number }, rejections: readonly Rejection[]): Message {
  const value = redacted(original.value, rejections);
  const key = redacted(original.key, []);
  const headers: IHeaders = {
    ...original.headers,
    [DLQ_HEADERS.rejections]: JSON.stringify(boundedRejections(rejections)),
    [DLQ_HEADERS.rejectionCount]: String(rejections.length),
    [DLQ_HEADERS.rule]: rejections[0]?.rule ?? 'unknown',
    [DLQ_HEADERS.sourceTopic]: from.topic,
    [DLQ_HEADERS.sourcePartition]: String(from.partition),
    [DLQ_HEADERS.sourceOffset]: original.offset,
  };
  if (value.redacted || key.redacted) headers[DLQ_HEADERS.redacted] = PII_RULE;
  if (value.redacted && original.value) headers[DLQ_HEADERS.originalSha256] = hash('sha256', original.value, 'hex');
  return {
    key: key.redacted ? key.text : original.key,
    value: value.redacted ? value.text : original.value,
    headers,
    timestamp: original.timestamp,
  };
}
