import type { UsageEvent } from '@govmetrics/contracts';
import { bangkokDay, USAGE_EVENT_TYPE, usageEventKey } from '@govmetrics/contracts';
import { createHash } from 'node:crypto';

const PLATFORMS = ['gdx', 'mailgothai', 'gin'];
const METRICS = ['api_calls', 'transactions', 'active_users'];
const AGENCIES = Array.from({ length: 30 }, (_, i) => `agency-${i}`);
/** Entities travel only as keyed-HMAC pseudonyms (the contract); 500 users are enough for distinct counts. */
const USERS = Array.from({ length: 500 }, (_, i) => `hmac-v1:${createHash('sha256').update(`user-${i}`).digest('hex')}`);
const FROM = Date.parse('2024-01-01T00:00:00Z') / 1000;
const SPAN = 2 * 365 * 86_400;

/** mulberry32: a seeded generator, so a failing run can be replayed with its seed. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

export interface GeneratedMessage {
  key: string;
  value: string;
  event: UsageEvent;
}

/**
 * `unique` events over two years in random order (so most are late for their day), integer values so every
 * sum is exact, and after them interleaved `resent` copies of earlier events, as a platform resends.
 */
export function generateUsage(unique: number, resent: number, seed: number): GeneratedMessage[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const events: GeneratedMessage[] = [];
  for (let i = 0; i < unique; i += 1) {
    const platform = pick(PLATFORMS);
    const metric = pick(METRICS);
    const event: UsageEvent = {
      specversion: '1.0',
      id: `e${i}`,
      source: `urn:dga:platform:${platform}`,
      type: USAGE_EVENT_TYPE,
      time: new Date((FROM + Math.floor(next() * SPAN)) * 1000).toISOString(),
      data: { platform, metric, agency: pick(AGENCIES), value: Math.floor(next() * 1000), ...(metric === 'active_users' ? { entity: pick(USERS) } : {}) },
    };
    events.push({ key: usageEventKey(event), value: JSON.stringify(event), event });
  }
  const resends = Array.from({ length: resent }, () => {
    const at = Math.floor(unique / 10 + next() * (unique * 0.9));
    return { at, copy: events[Math.floor(next() * at)] as GeneratedMessage };
  }).sort((a, b) => a.at - b.at);
  const stream: GeneratedMessage[] = [];
  let r = 0;
  events.forEach((message, i) => {
    stream.push(message);
    for (; r < resends.length && (resends[r]?.at ?? Infinity) <= i; r += 1) stream.push((resends[r] as { copy: GeneratedMessage }).copy);
  });
  return stream;
}

export interface DailyAggregate {
  sum: number;
  count: number;
  min: number;
  max: number;
  last: number;
  lastKey: [number, string];
  entities: Set<string>;
}

/** The daily aggregates computed from the generated events alone, each (source, id) once. */
export function expectedDaily(stream: readonly GeneratedMessage[]): Map<string, DailyAggregate> {
  const seen = new Set<string>();
  const daily = new Map<string, DailyAggregate>();
  for (const { event } of stream) {
    const id = `${event.source}\u0000${event.id}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const seconds = Date.parse(event.time) / 1000;
    const key = [event.data.platform, event.data.metric, event.data.agency, bangkokDay(seconds * 1000)].join('|');
    const value = event.data.value;
    const bucket = daily.get(key) ?? { sum: 0, count: 0, min: Infinity, max: -Infinity, last: 0, lastKey: [-1, ''], entities: new Set<string>() };
    bucket.sum += value;
    bucket.count += 1;
    bucket.min = Math.min(bucket.min, value);
    bucket.max = Math.max(bucket.max, value);
    if (seconds > bucket.lastKey[0] || (seconds === bucket.lastKey[0] && event.id > bucket.lastKey[1])) {
      bucket.last = value;
      bucket.lastKey = [seconds, event.id];
    }
    bucket.entities.add(event.data.entity ?? '');
    daily.set(key, bucket);
  }
  return daily;
}
