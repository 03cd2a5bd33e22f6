import { ENTITY_ID_PATTERN } from '@govmetrics/contracts';
import { createHmac } from 'node:crypto';

/** The keyed pseudonym of a raw identifier: `hmac-v<version>:<HMAC-SHA256(key, identifier) as hex>`. */
export const pseudonym = (identifier: string, key: string, keyVersion: number): string =>
  `hmac-v${keyVersion}:${createHmac('sha256', key).update(identifier, 'utf8').digest('hex')}`;

/** A raw `data.entity` that must be pseudonymized before the event leaves the platform. */
export function rawEntityOf(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null || !('data' in event)) return undefined;
  const data: unknown = event.data;
  if (typeof data !== 'object' || data === null || !('entity' in data) || typeof data.entity !== 'string') return undefined;
  return ENTITY_ID_PATTERN.test(data.entity) ? undefined : data.entity;
}

/** The event with its raw entity replaced by its pseudonym; anything else unchanged. */
export function pseudonymizeEntity(event: unknown, key: string, keyVersion: number): unknown {
  const raw = rawEntityOf(event);
  if (raw === undefined) return event;
  const { data, ...envelope } = event as { data: Record<string, unknown> };
  return { ...envelope, data: { ...data, entity: pseudonym(raw, key, keyVersion) } };
}
