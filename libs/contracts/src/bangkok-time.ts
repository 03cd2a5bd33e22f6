import { z } from 'zod';

/** Thailand keeps UTC+7 all year (no daylight saving), so a Bangkok day is a fixed shift of UTC. */
export const BANGKOK_OFFSET_MS = 7 * 3600 * 1000;

/** The Bangkok calendar day (`YYYY-MM-DD`) of an instant in epoch milliseconds: the day fiscal periods count. */
export const bangkokDay = (epochMs: number): string => new Date(epochMs + BANGKOK_OFFSET_MS).toISOString().slice(0, 10);

/** A calendar day, `YYYY-MM-DD`, that exists (no 2021-02-30): every day in govmetrics is a Bangkok day. */
export const BangkokDaySchema = z.iso.date();

/** Whether `text` is a Bangkok day as every contract writes one. */
export const isBangkokDay = (text: string): boolean => BangkokDaySchema.safeParse(text).success;
