import type { QuarantineEntry } from '@govmetrics/contracts';
import { QUARANTINE_HEADERS, REPLAYED_FROM_QUARANTINE_HEADER } from '@govmetrics/contracts';
import type { IHeaders, KafkaMessage } from 'kafkajs';

/** A header's first value as text, or null. */
export const header = (headers: IHeaders | undefined, name: string): string | null => {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? null : first.toString();
};

const stringOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** What the value claims to be (platform, source, id) when it is JSON shaped like an event; never more of it. */
export function claimedEvent(value: Buffer | null): QuarantineEntry['event'] {
  let json: unknown;
  try {
    json = JSON.parse(value?.toString() ?? 'null');
  } catch {
    return null;
  }
  if (typeof json !== 'object' || json === null) return null;
  const { source, id, data } = json as { source?: unknown; id?: unknown; data?: unknown };
  const platform = typeof data === 'object' && data !== null ? stringOrNull((data as { platform?: unknown }).platform) : null;
  return { platform, source: stringOrNull(source), id: stringOrNull(id) };
}

/** One record of the quarantine topic as `GET /v1/quarantine` and `quarantine list` show it. */
export function toQuarantineEntry(message: KafkaMessage, partition: number): QuarantineEntry {
  const { headers } = message;
  return {
    quarantine: { partition, offset: message.offset },
    time: new Date(Number(message.timestamp)).toISOString(),
    reason: header(headers, QUARANTINE_HEADERS.reason) ?? 'unknown',
    message: (header(headers, QUARANTINE_HEADERS.message) ?? '').slice(0, 1000),
    consumer: header(headers, QUARANTINE_HEADERS.consumer) ?? 'unknown',
    source: {
      topic: header(headers, QUARANTINE_HEADERS.sourceTopic) ?? 'unknown',
      partition: Number(header(headers, QUARANTINE_HEADERS.sourcePartition) ?? 0),
      offset: header(headers, QUARANTINE_HEADERS.sourceOffset) ?? '0',
    },
    key: message.key?.toString() ?? null,
    event: claimedEvent(message.value),
    replayedFrom: header(headers, REPLAYED_FROM_QUARANTINE_HEADER),
  };
}

/** The platform an entry belongs to: the one its event names, else its key's `platform:` prefix. */
export const platformOf = (entry: QuarantineEntry): string | null => entry.event?.platform ?? entry.key?.split(':')[0] ?? null;
