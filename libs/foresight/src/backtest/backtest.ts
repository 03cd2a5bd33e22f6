import type { KpiCatalog } from '@govmetrics/contracts';
import type { CompositeReport, IndicatorReport } from '@govmetrics/scoring';
import { periodDays, scoreCatalog } from '@govmetrics/scoring';
import { catalogMeasures } from '../forecast/catalog-measures';
import { DailyScores } from '../forecast/daily-scores';
import type { ForecastSources } from '../forecast/forecast-catalog';
import { forecastCatalog } from '../forecast/forecast-catalog';
import type { CatalogForecast, MeasureForecast, NodeForecast } from '../forecast/forecast-report';
import type { ForecastMethod } from '../methods/forecast-method';
import { FORECAST_METHODS } from '../methods/forecast-method';
import { RunningSeriesReader } from '../reader/running-series-reader';

export interface BacktestMeasure {
  id: string;
  /** The actual at the period's end: what every forecast is judged against. */
  final: number | null;
  /** Absolute error of the expected forecast, in % of the final actual, per forecast day; `null` where none was made. */
  errors: (number | null)[];
  /** Whether the final actual fell inside the interval, per forecast day. */
  covered: (boolean | null)[];
  /** Mean of `errors` over the days a forecast was made. */
  meanError: number | null;
}

export interface MethodBacktest {
  method: ForecastMethod;
  measures: BacktestMeasure[];
  /** Mean of the measures' errors, per forecast day. */
  meanErrors: (number | null)[];
  meanError: number | null;
  /** Share of forecasts, in %, whose interval held the final actual. */
  coverage: number | null;
  /** Each scorecard's expected period-end score, per forecast day, beside its final score; null while nothing of it was known. */
  scorecards: { id: string; final: number; forecasts: (number | null)[] }[];
}

export interface Backtest {
  catalogId: string;
  asOfDays: string[];
  methods: MethodBacktest[];
  /** The method with the lowest mean error: the default. */
  best: ForecastMethod;
}

const mean = (values: readonly (number | null)[]): number | null => {
  const present = values.flatMap((value) => (value === null ? [] : [value]));
  return present.length === 0 ? null : present.reduce((sum, value) => sum + value, 0) / present.length;
};

function finalValues(nodes: readonly (CompositeReport | IndicatorReport)[], into = new Map<string, number | null>()): Map<string, number | null> {
  for (const node of nodes) {
    into.set(node.id, node.score);
    if (node.kind === 'composite') finalValues(node.children, into);
    else for (const measure of node.measures) into.set(`measure:${measure.id}`, measure.actual);
  }
  return into;
}

function forecastsById(nodes: readonly NodeForecast[], into = new Map<string, MeasureForecast>()): Map<string, MeasureForecast> {
  for (const node of nodes) {
    forecastsById(node.children, into);
    for (const measure of node.measures) into.set(measure.id, measure);
  }
  return into;
}

function judge(forecast: MeasureForecast | undefined, final: number | null): { error: number | null; covered: boolean | null } {
  const interval = forecast?.forecast;
  if (!interval || final === null || final === 0) return { error: null, covered: null };
  return { error: (Math.abs(interval.expected - final) / Math.abs(final)) * 100, covered: interval.low <= final && final <= interval.high };
}

async function backtestMethod(
  catalog: KpiCatalog,
  sources: ForecastSources,
  asOfDays: readonly string[],
  method: ForecastMethod,
  finals: Map<string, number | null>,
  daily: DailyScores,
): Promise<MethodBacktest> {
  const forecasts: CatalogForecast[] = [];
  for (const asOf of asOfDays) forecasts.push(await forecastCatalog(catalog, sources, asOf, method, daily));
  const byDay = forecasts.map((forecast) => forecastsById(forecast.scorecards));
  const measures = catalogMeasures(catalog)
    .filter((measure) => !measure.attested)
    .map(({ id }) => {
      const final = finals.get(`measure:${id}`) ?? null;
      const judged = byDay.map((forecastsOfDay) => judge(forecastsOfDay.get(id), final));
      const errors = judged.map((each) => each.error);
      return { id, final, errors, covered: judged.map((each) => each.covered), meanError: mean(errors) };
    });
  const meanErrors = asOfDays.map((_, day) => mean(measures.map((measure) => measure.errors[day] ?? null)));
  const covered = measures.flatMap((measure) => measure.covered.flatMap((each) => (each === null ? [] : [each ? 100 : 0])));
  const scorecards = catalog.scorecards.map(({ id }) => ({
    id,
    final: finals.get(id) ?? 0,
    forecasts: forecasts.map((forecast) => forecast.scorecards.find((scorecard) => scorecard.id === id)?.score.expected ?? null),
  }));
  return { method, measures, meanErrors, meanError: mean(measures.flatMap((measure) => measure.errors)), coverage: mean(covered), scorecards };
}

/**
 * Forecasts the catalog as of each of `asOfDays` with every method and judges each forecast of a measure read from
 * events against the actual at the period's end (attested measures are carried as they stand, not forecast).
 */
export async function backtest(
  catalog: KpiCatalog,
  sources: ForecastSources,
  asOfDays: readonly string[],
  methods: readonly ForecastMethod[] = FORECAST_METHODS,
): Promise<Backtest> {
  const shared = { ...sources, reader: new RunningSeriesReader(sources.reader, periodDays(catalog.period).toDay) };
  const finals = finalValues((await scoreCatalog(catalog, shared, periodDays(catalog.period).toDay)).scorecards);
  const results: MethodBacktest[] = [];
  const daily = new DailyScores(catalog, shared);
  for (const method of methods) results.push(await backtestMethod(catalog, shared, asOfDays, method, finals, daily));
  const ranked = results.filter((result) => result.meanError !== null).sort((a, b) => (a.meanError ?? 0) - (b.meanError ?? 0));
  const best = ranked[0]?.method;
  if (best === undefined) throw new RangeError('backtest: no method produced a forecast');
  return { catalogId: catalog.id, asOfDays: [...asOfDays], methods: results, best };
}
