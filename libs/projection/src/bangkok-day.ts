/** Thailand keeps UTC+7 all year (no daylight saving), so a Bangkok day is a fixed shift of UTC. */
const BANGKOK_OFFSET_SECONDS = 7 * 3600;

/** The Bangkok calendar day (`YYYY-MM-DD`) of an instant given in UTC seconds: the day fiscal periods count. */
export const bangkokDay = (utcSeconds: number): string => new Date((utcSeconds + BANGKOK_OFFSET_SECONDS) * 1000).toISOString().slice(0, 10);
