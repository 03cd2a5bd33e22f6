const formatters = new Map<string, Intl.DateTimeFormat>();

function offsetFormatter(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** Whether the runtime knows `zone` as an IANA time zone (`Asia/Bangkok`, `UTC`). */
export function isTimeZone(zone: string): boolean {
  try {
    offsetFormatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The zone as tz databases spell it (`asia/bangkok` is `Asia/Bangkok`): ClickHouse matches zone names case-sensitively. */
export function zoneSpelling(zone: string): string {
  const resolved = offsetFormatter(zone).resolvedOptions().timeZone;
  return resolved.toLowerCase() === zone.toLowerCase() ? resolved : zone;
}

/** The zone's offset from UTC in minutes at an instant (`+420` in Bangkok). */
export function zoneOffsetMinutes(zone: string, epochMs: number): number {
  const name = offsetFormatter(zone)
    .formatToParts(epochMs)
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name ?? '');
  if (!match?.[1]) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

const DAY_MS = 86_400_000;

/**
 * The first instant within the days `fromDay`..`toDay` (UTC noon and midnight of each) where `zone` is not a whole
 * number of hours from UTC, or undefined: such a zone's days do not start on an hour of the hourly aggregate.
 */
export function firstPartHourOffset(zone: string, fromDay: string, toDay: string): { at: string; offsetMinutes: number } | undefined {
  for (let at = Date.parse(fromDay) - DAY_MS; at <= Date.parse(toDay) + DAY_MS; at += DAY_MS / 2) {
    const offsetMinutes = zoneOffsetMinutes(zone, at);
    if (offsetMinutes % 60 !== 0) return { at: new Date(at).toISOString(), offsetMinutes };
  }
  return undefined;
}

/** An instant as the zone's wall clock with its offset: `2021-03-01T13:00:00+07:00`. */
export function zonedIso(zone: string, epochMs: number): string {
  const offset = zoneOffsetMinutes(zone, epochMs);
  const wall = new Date(epochMs + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  return `${wall}${sign}${hours}:${String(Math.abs(offset) % 60).padStart(2, '0')}`;
}
