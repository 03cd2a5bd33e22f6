/** Thailand keeps UTC+7 all year (no daylight saving), so a Bangkok day is a fixed shift of UTC. */
export const BANGKOK_OFFSET_MS = 7 * 3600 * 1000;

/** The Bangkok calendar day (`YYYY-MM-DD`) of an instant in epoch milliseconds: the day fiscal periods count. */
export const bangkokDay = (epochMs: number): string => new Date(epochMs + BANGKOK_OFFSET_MS).toISOString().slice(0, 10);
