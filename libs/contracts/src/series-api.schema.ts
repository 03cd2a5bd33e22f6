import { z } from 'zod';
import { BangkokDaySchema } from './bangkok-time';
import { QueryDaySchema } from './gateway-api.schema';
import { StatisticSchema } from './kpi-catalog.schema';
import { firstPartHourOffset, isTimeZone } from './time-zone';
import { AgencyCodeSchema, MetricNameSchema, PlatformIdSchema } from './usage-event.schema';

export const SERIES_WINDOWS = ['hour', 'day', 'week', 'month', 'quarter', 'fiscal_year'] as const;
export const SeriesWindowSchema = z.enum(SERIES_WINDOWS);
export type SeriesWindow = z.infer<typeof SeriesWindowSchema>;

/**
 * What one series query may cost: days per window (an hourly series of a month is 744 points a group), groups, and
 * points in all. Beyond them the answer is 400 naming the limit, never a truncated series.
 */
export const SERIES_LIMITS = {
  days: { hour: 31, day: 1_100, week: 3_660, month: 3_660, quarter: 3_660, fiscal_year: 3_660 } satisfies Record<SeriesWindow, number>,
  groups: 50,
  rows: 20_000,
} as const;

export const SeriesFormatSchema = z.enum(['json', 'csv', 'ndjson']);
export type SeriesFormat = z.infer<typeof SeriesFormatSchema>;

const TimeZoneSchema = z
  .string()
  .max(64)
  .refine(isTimeZone, { message: 'must be an IANA time zone such as Asia/Bangkok or UTC', params: { rule: 'unknown_time_zone' } });

const GroupBySchema = z
  .string()
  .regex(/^(agency|dimension:[a-z][a-z0-9_.-]{0,63})$/, 'group_by is "agency" or "dimension:<name>" (a dimension name is a lowercase slug)');

const DAY_MS = 86_400_000;
const daysIn = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;

/**
 * Query of `GET /v1/series`: one metric's statistic per window of `zone`'s calendar (`from`..`to` inclusive, days of that
 * zone), optionally per agency or per value of one dimension, optionally only the `top` groups over the whole range.
 */
export const SeriesQuerySchema = z
  .object({
    platform: PlatformIdSchema,
    metric: MetricNameSchema,
    statistic: StatisticSchema.default('sum'),
    from: QueryDaySchema,
    to: QueryDaySchema,
    window: SeriesWindowSchema.default('day'),
    zone: TimeZoneSchema.default('Asia/Bangkok'),
    group_by: GroupBySchema.optional(),
    agency: AgencyCodeSchema.optional(),
    top: z.coerce.number().int().min(1).max(SERIES_LIMITS.groups).optional(),
    format: SeriesFormatSchema.optional().describe('json (the default), csv or ndjson; or ask by Accept: text/csv, application/x-ndjson'),
  })
  .strict()
  .superRefine(({ from, to, window, zone }, ctx) => {
    const days = daysIn(from, to);
    if (days < 1) {
      ctx.addIssue({ code: 'custom', path: ['to'], params: { rule: 'too_small' }, message: `to must not be before from (${from})` });
      return;
    }
    const maxDays = SERIES_LIMITS.days[window];
    if (days > maxDays) {
      const message = `window=${window} covers at most ${maxDays} days; ${from}..${to} is ${days}: narrow the range or take a coarser window`;
      ctx.addIssue({ code: 'custom', path: ['to'], params: { rule: 'range_too_long' }, message });
    }
    const partHour = isTimeZone(zone) && days <= maxDays ? firstPartHourOffset(zone, from, to) : undefined;
    if (partHour !== undefined) {
      const message =
        `${zone} is ${partHour.offsetMinutes} minutes from UTC at ${partHour.at}: aggregates are kept per UTC hour, ` +
        'so only zones a whole number of hours from UTC can be windowed';
      ctx.addIssue({ code: 'custom', path: ['zone'], params: { rule: 'zone_not_whole_hours' }, message });
    }
  });

/** One window of a series: where it starts (a day of the zone, or an instant with its offset for hours), its label, its value. */
export const SeriesPointSchema = z
  .object({
    start: z.string().describe('YYYY-MM-DD in the zone; for window=hour the instant, e.g. 2021-03-01T13:00:00+07:00'),
    label: z.string().describe('2021-03-01 13:00, 2021-03-01, 2021-W09, 2021-03, 2021-Q1, FY2564 (Thai fiscal year, Oct-Sep, Buddhist era)'),
    value: z.number(),
    events: z.number().int().nonnegative(),
  })
  .strict();

/** One group's points (group null when not grouped; "" for events without the dimension), only windows with events. */
export const SeriesGroupSchema = z.object({ group: z.string().nullable(), points: z.array(SeriesPointSchema) }).strict();

export const SeriesAnswerSchema = z
  .object({
    platform: PlatformIdSchema,
    metric: MetricNameSchema,
    statistic: StatisticSchema,
    window: SeriesWindowSchema,
    zone: z.string(),
    from: BangkokDaySchema,
    to: BangkokDaySchema,
    groupBy: z.string().nullable(),
    agency: AgencyCodeSchema.nullable(),
    top: z.number().int().nullable(),
    series: z.array(SeriesGroupSchema),
  })
  .strict();

/** A query whose answer would exceed a limit known only once read: more groups or points than allowed. */
export const QueryTooLargeSchema = z
  .object({ error: z.literal('query_too_large'), limit: z.enum(['groups', 'rows']), max: z.number().int().positive(), message: z.string() })
  .strict();

export type SeriesQuery = z.infer<typeof SeriesQuerySchema>;
export type SeriesPoint = z.infer<typeof SeriesPointSchema>;
export type SeriesGroup = z.infer<typeof SeriesGroupSchema>;
export type SeriesAnswer = z.infer<typeof SeriesAnswerSchema>;
export type QueryTooLarge = z.infer<typeof QueryTooLargeSchema>;
