import type { UsageEvent } from '@govmetrics/contracts';
import { USAGE_EVENT_TYPE, usageEventKey } from '@govmetrics/contracts';
import { createHash } from 'node:crypto';
import type { GeneratedMessage } from './generated-usage';

/** FY2564 in Bangkok: 2020-10-01T00:00+07:00 up to, not including, 2021-10-01. */
export const FY2564_START = Date.parse('2020-09-30T17:00:00Z');
const SPAN_MS = Date.parse('2021-09-30T17:00:00Z') - FY2564_START;
/** Events of neighbouring indices lie within an hour of each other: a stream in time order, as a platform sends its year. */
const JITTER_MS = 3_600_000;
const AGENCIES = Array.from({ length: 30 }, (_, i) => `agency-${i}`);

let users: string[] | undefined;
/** 20,000 pseudonymous users, made once, for the distinct count of Tang Rat's active users. */
const tangRatUsers = (): string[] =>
  (users ??= Array.from({ length: 20_000 }, (_, i) => `hmac-v1:${createHash('sha256').update(`tangrat-user-${i}`).digest('hex')}`));

/** An integer hash of (index, salt) in [0, 1): each event's choices depend on its index alone, so chunks of any size agree. */
function unit(index: number, salt: number): number {
  let h = Math.imul(index ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

type Mix = { platform: string; metric: string; upTo: number; data: (index: number, total: number) => Pick<UsageEvent['data'], 'value' | 'entity'> };

/**
 * Which platform and metric an event is, by cumulative share: mostly GDX's API calls (which no FY2564 indicator reads),
 * and a fifth that the FY2564 catalog's A1 reads (Thailand Plus registrations, Law Portal comments, Tang Rat users,
 * Mor Chana's latest registered users), so that a scoring service re-reads and rescores as the year arrives.
 */
const MIX: readonly Mix[] = [
  { platform: 'gdx', metric: 'api_calls', upTo: 0.7, data: (i) => ({ value: 1 + Math.floor(unit(i, 3) * 1000) }) },
  { platform: 'thailandplus', metric: 'registrations', upTo: 0.79, data: (i) => ({ value: 1 + Math.floor(unit(i, 3) * 20) }) },
  { platform: 'lawportal', metric: 'comments', upTo: 0.89, data: (i) => ({ value: 1 + Math.floor(unit(i, 3) * 5) }) },
  {
    platform: 'tangrat',
    metric: 'active_users',
    upTo: 0.99,
    data: (i) => ({ value: 1, entity: tangRatUsers()[Math.floor(unit(i, 3) * 20_000)] }),
  },
  { platform: 'morchana', metric: 'registered_users', upTo: 1, data: (i, total) => ({ value: 9_000_000 + Math.floor((i / total) * 160_000) }) },
];

/** The mix entry a share in [0, 1) falls in; the last one ends at 1, so every share has one. */
function mixOf(share: number): Mix {
  for (const mix of MIX) if (share < mix.upTo) return mix;
  throw new Error(`share ${share} is outside [0, 1)`);
}

/** Event `index` of a stream of `total` over FY2564, in time order (within the jitter). */
export function orderedUsageEvent(index: number, total: number): UsageEvent {
  const { platform, metric, data } = mixOf(unit(index, 1));
  const offset = Math.min(SPAN_MS - 1, Math.floor((index / total) * SPAN_MS + unit(index, 2) * JITTER_MS));
  return {
    specversion: '1.0',
    id: `g${index}`,
    source: `urn:dga:platform:${platform}`,
    type: USAGE_EVENT_TYPE,
    time: new Date(FY2564_START + offset).toISOString(),
    data: { platform, metric, agency: AGENCIES[Math.floor(unit(index, 4) * AGENCIES.length)] as string, ...data(index, total) },
  };
}

/**
 * Events `first` to `first + count - 1` of a stream of `total` unique events over FY2564 in time order: a bench streams
 * millions chunk by chunk without holding them (`generateUsage` makes one array of random times over two years).
 */
export function orderedUsage(first: number, count: number, total: number): GeneratedMessage[] {
  return Array.from({ length: Math.max(0, Math.min(count, total - first)) }, (_, i) => {
    const event = orderedUsageEvent(first + i, total);
    return { key: usageEventKey(event), value: JSON.stringify(event), event };
  });
}
