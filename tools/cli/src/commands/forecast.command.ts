import { Command, Option } from '@commander-js/extra-typings';
import type { Attestation, KpiCatalog } from '@govmetrics/contracts';
import { generateFy2564 } from '@govmetrics/demo-data';
import type { Backtest, CatalogForecast, ForecastMethod, Interval, MethodBacktest, NodeForecast } from '@govmetrics/foresight';
import { backtest, DEFAULT_FORECAST_METHOD, FORECAST_METHODS, forecastCatalog, monthEnds } from '@govmetrics/foresight';
import { catalogInForce } from '@govmetrics/ledger';
import { InMemoryAggregateReader, parseAttestations, parseCatalog } from '@govmetrics/scoring';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { OptionsOf } from '../command';
import { exitsWith } from '../command';
import { catalogIdOption, withLedger } from '../ledger/cli-ledger';
import { dayOption } from '../stewards/steward-options';
import { readUsageEventsFile } from './usage-events-file';

const CATALOGS = resolve(__dirname, '../../../../catalogs');
/** The backtest: forecasts as of the end of each month from November 2020 to August 2021. */
export const BACKTEST_MONTHS = monthEnds('2020-11', '2021-08');

/** The FY2564 catalog and its attested values, as the repository ships them. */
function fy2564(): { catalog: KpiCatalog; attestations: Attestation[] } {
  const read = (file: string) => readFileSync(resolve(CATALOGS, file), 'utf8');
  return { catalog: parseCatalog(read('dga-fy2564.yaml'), 'dga-fy2564.yaml'), attestations: parseAttestations(read('dga-fy2564.attested.yaml')).attestations };
}

const percent = (value: number | null) => (value === null ? 'n/a' : `${value.toFixed(1)}`);
const figure = (value: number | null) => (value === null ? '—' : value.toLocaleString('en-US', { maximumFractionDigits: 2 }));
const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
const header = (cells: readonly string[]) => [row(cells), row(cells.map(() => '---'))];

function methodRow(result: MethodBacktest, best: ForecastMethod): string {
  const name = result.method === best ? `**${result.method}** (default: lowest mean error)` : result.method;
  const coverage = result.coverage === null ? 'n/a' : `${result.coverage.toFixed(0)} %`;
  return row([name, ...result.meanErrors.map(percent), percent(result.meanError), coverage]);
}

function methodsOfMeasure(id: string, errors: readonly (number | null)[]): string {
  const lowest = Math.min(...errors.filter((error): error is number => error !== null));
  return row([id, ...errors.map((error) => (error === lowest ? `**${percent(error)}**` : percent(error)))]);
}

/** The backtest as the Markdown docs/foresight.md keeps (a test checks the two are equal). */
export function formatBacktest(result: Backtest): string {
  const months = result.asOfDays.map((day) => day.slice(0, 7));
  const best = result.methods.find((each) => each.method === result.best) as MethodBacktest;
  const eventMeasures = best.measures.length;
  return [
    `Backtest of ${result.catalogId} on the FY2564 demo year: forecasts as of each month's end against the year-end actual.`,
    '',
    `Mean absolute error of the forecast year-end actual, in % of that actual, over the ${eventMeasures} measures of both scorecards read from events;` +
      ' the last column is how often the interval held the year-end actual.' +
      ' n/a: the method made no forecast (last-year needs FY2563 events; the demo has none).',
    '',
    ...header(['method', ...months, 'mean', 'interval held']),
    ...result.methods.map((each) => methodRow(each, result.best)),
    '',
    'Mean error by measure and method over the ten forecast days, in % of the year-end actual; the lowest of each row in bold:',
    '',
    ...header(['measure', ...result.methods.map((each) => each.method)]),
    ...best.measures.map((measure, i) =>
      methodsOfMeasure(
        measure.id,
        result.methods.map((each) => each.measures[i]?.meanError ?? null),
      ),
    ),
    '',
    `Error by measure, ${result.best} (the default), in % of the year-end actual:`,
    '',
    ...header(['measure', 'year-end actual', ...months]),
    ...best.measures.map((measure) => row([measure.id, figure(measure.final), ...measure.errors.map(percent)])),
    '',
    `Scorecards, ${result.best}: the expected year-end score forecast as of each month's end from what was known then` +
      ' (an attested value not yet recorded is unknown and left out, not scored 0):',
    '',
    ...header(['scorecard', 'year-end score', ...months]),
    ...best.scorecards.map((scorecard) => row([scorecard.id, scorecard.final.toFixed(2), ...scorecard.forecasts.map((score) => score.toFixed(2))])),
  ].join('\n');
}

/** Runs the backtest over the generated FY2564 demo year, in memory. */
export async function fy2564Backtest(): Promise<Backtest> {
  const { catalog, attestations } = fy2564();
  return backtest(catalog, { reader: new InMemoryAggregateReader(generateFy2564()), attestations }, BACKTEST_MONTHS);
}

const range = (interval: Interval | null) => (interval === null ? '—' : `${figure(interval.expected)} [${figure(interval.low)} – ${figure(interval.high)}]`);

function forecastLines(node: NodeForecast, depth: number): string[] {
  const indent = '  '.repeat(depth);
  const head = `${indent}${node.id} ${node.name}: score ${range(node.score)} — ${node.status}`;
  const measures = node.measures.map((measure) => {
    const reach =
      measure.reachability.state === 'reachable' ? `reachable if the best day seen starts by ${measure.reachability.lastDay}` : measure.reachability.state;
    const pace =
      measure.pace === null
        ? ''
        : `, pace ${measure.pace.short.toFixed(2)}× (7 d) / ${measure.pace.long.toFixed(2)}× (30 d) of needed${measure.pace.behind ? ', behind' : ''}`;
    const outlook = `${range(measure.forecast)} / target ${figure(measure.target)} — ${measure.status}, ${reach}${pace}`;
    return `${indent}    ${measure.id} (${measure.source}): actual ${figure(measure.actual)} → ${outlook}`;
  });
  return [head, ...measures, ...node.children.flatMap((child) => forecastLines(child, depth + 1))];
}

export const formatForecast = (forecast: CatalogForecast): string =>
  [
    `${forecast.catalogId} forecast to ${forecast.periodEnd} as of ${forecast.asOf} by ${forecast.method} (90 % intervals):`,
    '',
    ...forecast.scorecards.flatMap((scorecard) => [...forecastLines(scorecard, 0), '']),
    ...(forecast.unknown.length === 0 ? [] : [`unknown, not yet attested (left out of every score and status): ${forecast.unknown.join(', ')}`]),
  ].join('\n');

const atDefinition = () =>
  new Command('at')
    .description(
      "forecast the FY2564 catalog (or the ledger's in force that day) to the year end as of a day: " +
        'every score, interval, status, pace and the last day each target is reachable',
    )
    .requiredOption('--as-of <day>', 'the forecast day, YYYY-MM-DD, inside FY2564')
    .addOption(new Option('--method <method>', 'the forecast method').choices(FORECAST_METHODS).default(DEFAULT_FORECAST_METHOD))
    .option('--events <file>', 'usage events, NDJSON (default: the generated FY2564 demo year)')
    .option(
      '--ledger <url>',
      'the catalog and attested values in force on the as-of day in the governance ledger (postgres://… or sqlite:FILE) instead of catalogs/dga-fy2564.yaml',
    )
    .addOption(catalogIdOption());

type AtOptions = OptionsOf<typeof atDefinition>;

/**
 * The catalog file, or with --ledger the catalog and attested values in force on the forecast day: a revised target
 * moves the forecast from its effective day.
 */
async function catalogFor(values: AtOptions): Promise<{ catalog: KpiCatalog; attestations: Attestation[] }> {
  if (values.ledger === undefined) return fy2564();
  const day = dayOption('as-of', values.asOf);
  const catalogId = values.catalogId;
  return withLedger(values.ledger, async (ledger) => catalogInForce(await ledger.readAll(), { day, ...(catalogId ? { catalogId } : {}) }));
}

async function forecastAt(values: AtOptions): Promise<number> {
  const { catalog, attestations } = await catalogFor(values);
  const events = values.events === undefined ? generateFy2564() : readUsageEventsFile(values.events);
  console.log(formatForecast(await forecastCatalog(catalog, { reader: new InMemoryAggregateReader(events), attestations }, values.asOf, values.method)));
  return 0;
}

async function printBacktest(): Promise<number> {
  console.log(formatBacktest(await fy2564Backtest()));
  return 0;
}

/** `forecast backtest` and `forecast at`: issue 13's forecasts over the FY2564 catalog, in memory (docs/foresight.md). */
export const forecastCommand = () =>
  new Command('forecast')
    .description('period-end KPI forecasts (docs/foresight.md)')
    .addCommand(
      new Command('backtest')
        .description('forecast FY2564 as of each month end 2020-11..2021-08 by every method and print the error against the year-end actual (Markdown)')
        .action(exitsWith(printBacktest)),
    )
    .addCommand(atDefinition().action(exitsWith(forecastAt)));
