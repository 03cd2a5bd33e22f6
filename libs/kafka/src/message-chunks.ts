import type { Message, TopicMessages } from 'kafkajs';

/** Bytes per produce request of the relay's transaction, well under the topics' record batch limit. */
export const RELAY_REQUEST_MAX_BYTES = 4 * 1024 * 1024;

const headerBytes = (headers: Message['headers']) =>
  Object.entries(headers ?? {}).reduce(
    (sum, [name, value]) => sum + name.length + (Array.isArray(value) ? value.join('').length : String(value ?? '').length),
    0,
  );
const sizeOf = (message: Message) => String(message.key ?? '').length + (message.value?.length ?? 0) + headerBytes(message.headers) + 64;

/**
 * The relay's output in requests of at most {@link RELAY_REQUEST_MAX_BYTES} (a bigger message goes alone). kafkajs
 * writes a request's messages for one partition as one record batch: a fetched megabyte of small records dead-lettered
 * with redacted values and rejection headers can grow tenfold, past `max.message.bytes`, and a batch the broker
 * refuses every time would stall the partition for good.
 */
export function inChunks(topics: readonly TopicMessages[]): TopicMessages[][] {
  const chunks: TopicMessages[][] = [];
  let current: TopicMessages[] = [];
  let bytes = 0;
  for (const { topic, messages } of topics) {
    for (const message of messages) {
      const size = sizeOf(message);
      if (bytes + size > RELAY_REQUEST_MAX_BYTES && bytes > 0) {
        chunks.push(current);
        current = [];
        bytes = 0;
      }
      const last = current.at(-1);
      if (last?.topic === topic) last.messages.push(message);
      else current.push({ topic, messages: [message] });
      bytes += size;
    }
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
