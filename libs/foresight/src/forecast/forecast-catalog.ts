import type { Attestation, KpiCatalog } from '@govmetrics/contracts';
import { isBangkokDay } from '@govmetrics/contracts';
import type { CompositeReport, IndicatorReport, MeasureReport, RunningAggregateReader, ScorecardReport, ScoringSources } from '@govmetrics/scoring';
import { periodDays, scoreCatalog } from '@govmetrics/scoring';
import { eachDay } from '../days';
import type { ForecastMethod, Interval } from '../methods/forecast-method';
import { ForecastingReader } from '../reader/forecasting-reader';
import { RunningSeriesReader } from '../reader/running-series-reader';
import { paceOf } from '../status/pace';
import { reachability } from '../status/reachability';
import { directionOf, goalOf, statusOf, worstOf } from '../status/status';
import type { CatalogForecast, MeasureForecast, NodeForecast } from './forecast-report';
import { attestedMeasureIds } from './catalog-measures';
import { DailyScores } from './daily-scores';
import { withoutUnattested } from './unattested';

type Node = CompositeReport | IndicatorReport;

/** The same node in the four scorings: as of the forecast day, and at period end from each end of the interval. */
interface Runs<T> {
  now: T;
  low: T;
  expected: T;
  high: T;
}

const each = <T, U>(runs: Runs<T>, pick: (value: T) => U): Runs<U> => ({
  now: pick(runs.now),
  low: pick(runs.low),
  expected: pick(runs.expected),
  high: pick(runs.high),
});

/** Low and high sorted: an actual can fall as an input rises (a denominator), a score as an actual rises (inverse ratio). */
const sorted = (low: number, expected: number, high: number): Interval => ({
  low: Math.min(low, high, expected),
  expected,
  high: Math.max(low, high, expected),
});

const spread = (low: number | null, expected: number | null, high: number | null): Interval | null =>
  low === null || expected === null || high === null ? null : sorted(low, expected, high);

interface Context {
  attested: ReadonlySet<string>;
  histories: ReadonlyMap<string, (number | null)[]>;
  asOf: string;
  periodEnd: string;
}

function measureForecast(runs: Runs<MeasureReport>, context: Context): MeasureForecast {
  const { id, method, target } = runs.expected;
  const forecast = spread(runs.low.actual, runs.expected.actual, runs.high.actual);
  const goal = goalOf(method, target);
  const history = context.histories.get(id) ?? [];
  return {
    id,
    source: context.attested.has(id) ? 'attested' : 'events',
    actual: runs.now.actual,
    target,
    forecast,
    score: sorted(runs.low.score, runs.expected.score, runs.high.score),
    status: statusOf(method, target, forecast),
    reachability: reachability(directionOf(method), goal, history, context.asOf, context.periodEnd),
    pace: paceOf(directionOf(method), goal, history, context.asOf, context.periodEnd),
  };
}

function nodeForecast(runs: Runs<Node>, context: Context): NodeForecast {
  const { kind, id, name } = runs.expected;
  const children =
    runs.expected.kind === 'composite'
      ? runs.expected.children.map((_, i) =>
          nodeForecast(
            each(runs, (node) => (node as CompositeReport).children[i] as Node),
            context,
          ),
        )
      : [];
  const measures =
    runs.expected.kind === 'indicator'
      ? runs.expected.measures.map((_, i) =>
          measureForecast(
            each(runs, (node) => (node as IndicatorReport).measures[i] as MeasureReport),
            context,
          ),
        )
      : [];
  const status = worstOf([...children, ...measures].map((part) => part.status));
  return { kind, id, name, score: sorted(runs.low.score, runs.expected.score, runs.high.score), status, children, measures };
}

/** Every measure's actual through each day of the period up to `asOf`, by measure id. */
async function measureHistories(daily: DailyScores, fromDay: string, asOf: string): Promise<Map<string, (number | null)[]>> {
  const reports = await Promise.all(eachDay(fromDay, asOf).map((day) => daily.on(day)));
  const histories = new Map<string, (number | null)[]>();
  const visit = (node: Node) => {
    if (node.kind === 'composite') return node.children.forEach(visit);
    for (const measure of node.measures) {
      const history = histories.get(measure.id) ?? [];
      history.push(measure.actual);
      histories.set(measure.id, history);
    }
  };
  reports.forEach((report: ScorecardReport) => report.scorecards.forEach(visit));
  return histories;
}

/** What a forecast reads: the scoring sources, with a reader of running values. */
export type ForecastSources = ScoringSources & { reader: RunningAggregateReader };

/**
 * Every scorecard of the catalog forecast to the end of its period from what is known on `asOf`: the actuals read
 * from events through `asOf` and extrapolated by `method`, attested values as they stood on `asOf`, and the
 * catalog's own scoring and aggregation rules applied to both ends of every interval. Forecasting the same catalog
 * and sources again (other days, other methods)? Pass a `RunningSeriesReader` through the last day and one `daily` to reuse what was read.
 */
export async function forecastCatalog(
  catalog: KpiCatalog,
  sources: ForecastSources,
  asOf: string,
  method: ForecastMethod,
  given?: DailyScores,
): Promise<CatalogForecast> {
  const { fromDay, toDay: periodEnd } = periodDays(catalog.period);
  if (!isBangkokDay(asOf) || asOf < fromDay || asOf > periodEnd)
    throw new RangeError(`forecast day must be a day of the period, ${fromDay}..${periodEnd}; got "${asOf}"`);
  if (given && given.catalog !== catalog) throw new RangeError('forecastCatalog: the daily scores are of another catalog');
  // Every day of the period so far is read for every query (input series, daily histories): one running read per query.
  const source = sources.reader;
  const reader = source instanceof RunningSeriesReader && source.through >= asOf ? source : new RunningSeriesReader(source, asOf);
  const daily = given ?? new DailyScores(catalog, { ...sources, reader });
  const attestations: Attestation[] = sources.attestations.filter((attestation) => attestation.effective <= asOf);
  // An attested value not recorded yet is unknown, not 0: scored without it, and listed as unknown.
  const known = withoutUnattested(catalog, attestations, asOf);
  const at = (end: keyof Interval) => scoreCatalog(known.catalog, { reader: new ForecastingReader(reader, asOf, method, end), attestations }, periodEnd);
  const [now, low, expected, high, histories] = await Promise.all([
    scoreCatalog(known.catalog, { reader, attestations }, asOf),
    at('low'),
    at('expected'),
    at('high'),
    measureHistories(daily, fromDay, asOf),
  ]);
  const context: Context = { attested: attestedMeasureIds(catalog), histories, asOf, periodEnd };
  const scorecards = expected.scorecards.map((_, i) =>
    nodeForecast(
      each({ now, low, expected, high }, (report) => report.scorecards[i] as Node),
      context,
    ),
  );
  return { catalogId: catalog.id, asOf, periodEnd, method, scorecards, unknown: known.unknown };
}
