const DAY_MS = 86_400_000;

const epochOf = (day: string): number => Date.parse(`${day}T00:00:00Z`);
const dayOf = (epochMs: number): string => new Date(epochMs).toISOString().slice(0, 10);

/** `day` moved by `days` calendar days (Bangkok days are plain calendar days). */
export const addDays = (day: string, days: number): string => dayOf(epochOf(day) + days * DAY_MS);

/** Calendar days after `from` up to and including `to`: 0 for the same day, negative when `to` is earlier. */
export const daysBetween = (from: string, to: string): number => Math.round((epochOf(to) - epochOf(from)) / DAY_MS);

/** Every day from `fromDay` to `toDay`, inclusive. */
export const eachDay = (fromDay: string, toDay: string): string[] => Array.from({ length: daysBetween(fromDay, toDay) + 1 }, (_, i) => addDays(fromDay, i));

/** The same calendar day a year earlier (29 February becomes 1 March). */
export function yearEarlier(day: string): string {
  const date = new Date(epochOf(day));
  date.setUTCFullYear(date.getUTCFullYear() - 1);
  return dayOf(date.getTime());
}

/** The last day of every month from `fromMonth` to `toMonth` (`YYYY-MM`), inclusive. */
export function monthEnds(fromMonth: string, toMonth: string): string[] {
  const ends: string[] = [];
  for (let month = fromMonth; month <= toMonth; month = addDays(`${month}-28`, 7).slice(0, 7)) {
    const [year, index] = month.split('-').map(Number);
    ends.push(dayOf(Date.UTC(year ?? 0, index ?? 0, 0)));
  }
  return ends;
}
