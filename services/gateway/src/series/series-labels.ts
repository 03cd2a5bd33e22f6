import type { SeriesWindow } from '@govmetrics/contracts';
import { zonedIso } from '@govmetrics/contracts';

const DAY_MS = 86_400_000;

/** ISO 8601 week of a Monday: the week belongs to the year of its Thursday. */
function isoWeek(monday: string): string {
  const thursday = new Date(Date.parse(monday) + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** A window's start as the answer gives it: the zone day, or for hours the instant with the zone's offset. */
export const windowStart = (window: SeriesWindow, zone: string, stored: string): string => (window === 'hour' ? zonedIso(zone, Number(stored) * 1000) : stored);

/** How people name the window that starts at `start`; a Thai fiscal year by the Buddhist-era year it ends in (FY2564 ends 2021-09-30). */
export function windowLabel(window: SeriesWindow, start: string): string {
  const [year, month] = [Number(start.slice(0, 4)), Number(start.slice(5, 7))];
  switch (window) {
    case 'hour':
      return `${start.slice(0, 10)} ${start.slice(11, 16)}`;
    case 'day':
      return start;
    case 'week':
      return isoWeek(start);
    case 'month':
      return start.slice(0, 7);
    case 'quarter':
      return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
    case 'fiscal_year':
      return `FY${year + 1 + 543}`;
  }
}
