import type { Rejection, UsageEvent } from '@govmetrics/contracts';
import { BANGKOK_OFFSET_MS } from '@govmetrics/contracts';

/**
 * Which event times the intake accepts: not before `notBefore`, at most `maxAheadMs` after now. Without `notBefore`, the
 * oldest is the start of the previous fiscal year as of each judgement's clock, so a long-running intake never goes stale.
 */
export interface EventTimeBounds {
  notBefore?: Date;
  maxAheadMs: number;
}

export const EVENT_TOO_OLD_RULE = 'event_time_too_old';
export const EVENT_IN_FUTURE_RULE = 'event_time_in_future';

/** Start of the Thai fiscal year (1 October, Asia/Bangkok) that `now` falls in. */
export function fiscalYearStart(now: Date): Date {
  const bangkok = new Date(now.getTime() + BANGKOK_OFFSET_MS);
  const year = bangkok.getUTCMonth() >= 9 ? bangkok.getUTCFullYear() : bangkok.getUTCFullYear() - 1;
  return new Date(Date.UTC(year, 9, 1) - BANGKOK_OFFSET_MS);
}

/**
 * Start of the Thai fiscal year before the one `now` falls in: the default oldest event time. The year just closed stays
 * open because its last days' events and corrections arrive after 1 October, while its KPIs are still being reported.
 */
export const previousFiscalYearStart = (now: Date): Date => fiscalYearStart(new Date(fiscalYearStart(now).getTime() - 1));

/** The oldest event time accepted at `now`. */
const oldestEventTime = (bounds: EventTimeBounds, now: Date): Date => bounds.notBefore ?? previousFiscalYearStart(now);

export function checkEventTime(event: UsageEvent, bounds: EventTimeBounds, now: Date): Rejection[] {
  const time = Date.parse(event.time);
  const oldest = oldestEventTime(bounds, now);
  if (time < oldest.getTime()) {
    return [{ path: '$.time', rule: EVENT_TOO_OLD_RULE, message: `event time is before ${oldest.toISOString()}, the oldest this intake accepts` }];
  }
  if (time > now.getTime() + bounds.maxAheadMs) {
    return [{ path: '$.time', rule: EVENT_IN_FUTURE_RULE, message: `event time is more than ${bounds.maxAheadMs / 1000} s ahead of the intake's clock` }];
  }
  return [];
}
