import { z } from 'zod';
import { ScorecardsQuerySchema } from './auditor-api.schema';
import { BangkokDaySchema } from './bangkok-time';
import { CatalogVersionSchema } from './catalog-version.schema';
import { IdSchema } from './id.schema';
import { ForecastStatusSchema } from './ledger/alert-events.schema';

/** Query of `GET /v1/forecasts`: the catalog as the ledger held it on the forecast day (a day of its period), as known at an instant. */
export const ForecastsQuerySchema = ScorecardsQuerySchema.extend({
  'as-of': BangkokDaySchema.describe('The forecast day: usage with event time up to its end, the catalog and attested values in force on it'),
});

/** A period-end value: the expected one and the ends of its (nominally 90 %) interval. */
export const ForecastIntervalSchema = z.object({ low: z.number(), expected: z.number(), high: z.number() }).strict();

/** Whether, and until when, the target can still be reached at the best daily move seen. */
export const ReachabilitySchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('met') }).strict(),
  z.object({ state: z.literal('reachable'), lastDay: BangkokDaySchema }).strict(),
  z.object({ state: z.literal('unreachable') }).strict(),
  z.object({ state: z.literal('no-data') }).strict(),
]);

/** One measure's forecast (docs/foresight.md): the actual on the forecast day, the period-end actual and score, status, reachability and pace. */
export const MeasureForecastSchema = z
  .object({
    id: IdSchema,
    source: z.enum(['events', 'attested']),
    actual: z.number().nullable(),
    target: z.number().nullable(),
    /** `null`: nothing to forecast from yet. */
    forecast: ForecastIntervalSchema.nullable(),
    score: ForecastIntervalSchema,
    status: ForecastStatusSchema,
    reachability: ReachabilitySchema,
    /** The move towards the goal per day over 7 and 30 days, as multiples of the pace needed; `null` when met or not measurable. */
    pace: z.object({ short: z.number(), long: z.number(), behind: z.boolean() }).strict().nullable(),
  })
  .strict();

/** A scorecard, composite or indicator forecast through the catalog's own aggregation rules; its status is the worst beneath. */
export const NodeForecastSchema = z
  .strictObject({
    kind: z.enum(['composite', 'indicator']),
    id: IdSchema,
    name: z.string(),
    score: ForecastIntervalSchema,
    status: ForecastStatusSchema,
    measures: z.array(MeasureForecastSchema),
  })
  .extend({
    // A getter is zod's way to a schema that contains itself (not beside a spread: hence extend).
    get children() {
      return z.array(NodeForecastSchema);
    },
  })
  .meta({ id: 'NodeForecast' });

/** Answer of `GET /v1/forecasts`: every scorecard forecast to its period's end by the default method, and the catalog version used. */
export const ForecastsAnswerSchema = z
  .object({
    catalogId: IdSchema,
    asOf: BangkokDaySchema,
    periodEnd: BangkokDaySchema,
    method: z.string(),
    scorecards: z.array(NodeForecastSchema),
    /** Attested measures not yet recorded on the forecast day (and nodes they left empty): unknown, never scored 0. */
    unknown: z.array(IdSchema),
    catalogVersion: CatalogVersionSchema,
  })
  .strict();

export type ForecastsQuery = z.infer<typeof ForecastsQuerySchema>;
export type ForecastsAnswer = z.infer<typeof ForecastsAnswerSchema>;
