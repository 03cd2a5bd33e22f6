import type { LogEntry } from 'kafkajs';
import { KafkaJSProtocolError } from 'kafkajs';

/** A broker's refusal of who the client is (authentication) or of what it asked (authorization). */
export interface BrokerRefusal {
  kind: 'authentication' | 'authorization';
  /** The broker's error name, e.g. `TOPIC_AUTHORIZATION_FAILED`. */
  type: string;
  /** The broker's error code (SASL_AUTHENTICATION_FAILED's 58 also where kafkajs reports a failed exchange without one). */
  code: number;
}

/** Kafka's error codes for a principal the ACLs do not allow, and for a failed SASL exchange. */
const AUTHORIZATION_CODES = new Set([29, 30, 31, 53]);
const SASL_AUTHENTICATION_FAILED = 58;

/**
 * kafkajs drops the broker's answer to FindCoordinator (a group or transactional id the principal may not use) and
 * throws `KafkaJSGroupCoordinatorNotFound`; it only logs the answer (as `Response GroupCoordinator(…)`), by its
 * message. Every client of a process speaks as the same principal, so the refusal logged just before that error is
 * the one that caused it.
 */
const COORDINATOR_REFUSALS = new Map<string, BrokerRefusal>([
  ['Not authorized to access group: Group authorization failed', { kind: 'authorization', type: 'GROUP_AUTHORIZATION_FAILED', code: 30 }],
  ['Transactional Id authorization failed', { kind: 'authorization', type: 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED', code: 53 }],
]);
const COORDINATOR_REFUSAL_TTL_MS = 10_000;
let lastCoordinatorRefusal: { refusal: BrokerRefusal; at: number } | undefined;

/** Called with every kafkajs log entry: keeps the last FindCoordinator refusal for {@link brokerRefusalOf}. */
export function noteBrokerAnswer(entry: LogEntry): void {
  if (entry.namespace !== 'Connection' || !/^Response (Find|Group)Coordinator\(/.test(entry.log.message)) return;
  const refusal = COORDINATOR_REFUSALS.get(String(entry.log['error']));
  if (refusal) lastCoordinatorRefusal = { refusal, at: Date.now() };
}

function takeCoordinatorRefusal(): BrokerRefusal | undefined {
  const last = lastCoordinatorRefusal;
  lastCoordinatorRefusal = undefined;
  return last && Date.now() - last.at < COORDINATOR_REFUSAL_TTL_MS ? last.refusal : undefined;
}

/** kafkajs wraps the broker's answer in retry and aggregate errors: the causes to look through. */
function causesOf(error: object): unknown[] {
  const record = error as { originalError?: unknown; cause?: unknown; errors?: unknown };
  return [record.originalError, record.cause, ...(Array.isArray(record.errors) ? (record.errors as unknown[]) : [])];
}

/** The broker's refusal inside what kafkajs threw, if that is what it was. */
export function brokerRefusalOf(error: unknown, depth = 0): BrokerRefusal | undefined {
  if (typeof error !== 'object' || error === null || depth > 5) return undefined;
  if (error instanceof KafkaJSProtocolError && AUTHORIZATION_CODES.has(error.code)) return { kind: 'authorization', type: error.type, code: error.code };
  if (error instanceof KafkaJSProtocolError && error.code === SASL_AUTHENTICATION_FAILED) return { kind: 'authentication', type: error.type, code: error.code };
  if ((error as Error).name === 'KafkaJSGroupCoordinatorNotFound') return takeCoordinatorRefusal();
  if ((error as Error).name === 'KafkaJSSASLAuthenticationError')
    return { kind: 'authentication', type: 'SASL_AUTHENTICATION_FAILED', code: SASL_AUTHENTICATION_FAILED };
  for (const cause of causesOf(error)) {
    const found = brokerRefusalOf(cause, depth + 1);
    if (found) return found;
  }
  return undefined;
}

const counts = new Map<string, number>();

/** Refusals this process met since it started, by `kind:type` (e.g. `authorization:TOPIC_AUTHORIZATION_FAILED`). */
export const kafkaRefusalCounts = (): Record<string, number> => Object.fromEntries(counts);

/** Counts a refusal and logs it once: a principal refused is a misconfiguration or an attack, either way worth a line. */
export function countRefusal(operation: string, refusal: BrokerRefusal): void {
  const key = `${refusal.kind}:${refusal.type}`;
  counts.set(key, (counts.get(key) ?? 0) + 1);
  console.warn(JSON.stringify({ level: 'WARN', message: `kafka refused ${operation}: ${refusal.type}`, refusal: refusal.kind, brokerErrorCode: refusal.code }));
}
