import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { Command } from '@commander-js/extra-typings';
import { ClickHouseAggregateReader, ClickHouseConfigSchema, connectClickHouse } from '@govmetrics/clickhouse';
import type { Attestation, KpiCatalog } from '@govmetrics/contracts';
import { bangkokDay } from '@govmetrics/contracts';
import type { CatalogVersion, LedgerScoreReport } from '@govmetrics/ledger';
import { scoreFromLedger } from '@govmetrics/ledger';
import { loadConfig } from '@govmetrics/config';
import type { AggregateReader, CompositeReport, IndicatorReport, ScorecardReport } from '@govmetrics/scoring';
import { InMemoryAggregateReader, parseAttestations, parseCatalog, scoreCatalog } from '@govmetrics/scoring';
import { existsSync, readFileSync } from 'node:fs';
import type { OptionsOf } from '../command';
import { exitsWith } from '../command';
import { withLedger } from '../ledger/cli-ledger';
import { readUsageEventsFile } from './usage-events-file';

const show = (value: number | null) => (value === null ? '—' : value.toLocaleString('en-US', { maximumFractionDigits: 4 }));

function lines(node: CompositeReport | IndicatorReport, depth: number): string[] {
  const indent = '  '.repeat(depth);
  const weight = node.weight === undefined ? '' : ` (weight ${node.weight})`;
  const printed = node.published?.score === undefined ? '' : `   [published ${node.published.score.toFixed(2)}]`;
  const head = `${indent}${node.id} ${node.name}${weight}: ${node.score.toFixed(2)}${node.missing ? ' (missing data)' : ''}${printed}`;
  if (node.kind === 'composite') return [`${head}  — ${node.aggregation}`, ...node.children.flatMap((child) => lines(child, depth + 1))];
  const measures = node.measures.map(
    (measure) =>
      `${indent}    ${measure.name ?? measure.id}: actual ${show(measure.actual)} / target ${show(measure.target)}${measure.unit ? ` ${measure.unit}` : ''}` +
      ` — ${measure.method.kind} → ${measure.score.toFixed(2)}${measure.missing ? ' (no data)' : ''}`,
  );
  return [node.combine ? `${head}  — ${node.combine}` : head, ...measures];
}

export function formatReport(report: ScorecardReport): string {
  const findings = report.findings.map((finding) => `  [${finding.rule}] ${finding.node} ${finding.figure}: ${finding.explanation}`);
  return [
    `${report.catalog.name} — as of ${report.asOf} (Asia/Bangkok)`,
    '',
    ...report.scorecards.flatMap((scorecard) => [...lines(scorecard, 0), '']),
    `reconciliation findings: ${report.findings.length}`,
    ...findings,
  ].join('\n');
}

function print(report: ScorecardReport | LedgerScoreReport, json: boolean | undefined): number {
  if (json) console.log(JSON.stringify(report, null, 2));
  else console.log('catalogVersion' in report ? `${formatVersion(report.catalogVersion)}\n\n${formatReport(report)}` : formatReport(report));
  return 0;
}

/** Which catalog the ledger gave: the auditor can ask for the same one again with the same --as-of and --known-at. */
export function formatVersion(version: CatalogVersion): string {
  const { lastChange } = version;
  return [
    `catalog ${version.catalogId} from the ledger, in force on ${version.day}, ` +
      `${version.knownAt === null ? 'with every change recorded so far' : `as known at ${version.knownAt}`}` +
      `: digest ${version.digest.slice(0, 16)}, ${version.events} events,`,
    `  last change ${lastChange.stream} v${lastChange.revision} (position ${lastChange.position}) ` +
      `recorded ${lastChange.when} by ${lastChange.who}: ${lastChange.why}`,
  ].join('\n');
}

/** The catalog file and the attested values beside it (or named by --attested). */
function catalogFile(values: ScoreOptions): { catalog: KpiCatalog; attestations: Attestation[] } {
  const file = values.catalog!;
  const catalog = parseCatalog(readFileSync(file, 'utf8'), file);
  // By default the attested values sit beside the catalog: dga-fy2564.yaml → dga-fy2564.attested.yaml.
  const attestedFile = values.attested ?? file.replace(/\.ya?ml$/, '.attested.yaml');
  if (values.attested && !existsSync(values.attested)) throw new Error(`--attested ${values.attested}: no such file`);
  return { catalog, attestations: existsSync(attestedFile) ? parseAttestations(readFileSync(attestedFile, 'utf8'), attestedFile).attestations : [] };
}

/** Scores the catalog file, or the ledger's catalog in force on the as-of day (as known at --known-at), against `reader`. */
async function score(values: ScoreOptions, asOf: string, reader: AggregateReader): Promise<ScorecardReport | LedgerScoreReport> {
  if (values.ledger === undefined) {
    const { catalog, attestations } = catalogFile(values);
    return scoreCatalog(catalog, { reader, attestations }, asOf);
  }
  const knownAt = values.knownAt === undefined ? undefined : new Date(values.knownAt);
  if (knownAt && Number.isNaN(knownAt.getTime())) throw new Error(`--known-at must be an ISO instant, e.g. 2026-01-31T12:00:00+07:00; got "${values.knownAt}"`);
  const catalogId = values.catalogId;
  return withLedger(values.ledger, async (ledger) =>
    scoreFromLedger(await ledger.readAll(), reader, { day: asOf, ...(knownAt ? { knownAt } : {}), ...(catalogId ? { catalogId } : {}) }),
  );
}

const definition = () =>
  new Command('score')
    .description("score a KPI catalog (file, or the ledger's as of the day) from ClickHouse (or --events FILE), with reconciliation findings")
    .option('--catalog <file>', 'the catalog file, YAML; or --ledger')
    .option('--attested <file>', 'attested values with --catalog (default: CATALOG.attested.yaml beside it)')
    .option(
      '--ledger <url>',
      'the catalog and attested values in force on the as-of day in the governance ledger (postgres://… or sqlite:FILE); the report names the version used',
    )
    .option('--catalog-id <id>', 'with --ledger: the catalog, when the ledger holds several')
    .option('--known-at <instant>', 'with --ledger: as the ledger stood then, an ISO instant (default: now)')
    .option('--database <name>', 'the ClickHouse database usage is read from (default CLICKHOUSE_DATABASE; CLICKHOUSE_URL names the server)')
    .option('--events <file>', 'read usage from an NDJSON file instead of ClickHouse')
    .option('--as-of <day>', 'YYYY-MM-DD (default today in Bangkok)')
    .option('--json', 'print the report as JSON');

type ScoreOptions = OptionsOf<typeof definition>;

/** Why the options cannot go together, if they cannot. */
function contradiction(values: ScoreOptions): string | undefined {
  if ((values.catalog === undefined) === (values.ledger === undefined)) return 'give either --catalog FILE or --ledger URL';
  if (values.events && values.database) return '--events and --database both name where usage is read from: give one';
  if (values.catalog && (values.catalogId !== undefined || values.knownAt !== undefined)) return '--catalog-id and --known-at go with --ledger';
  if (values.ledger && values.attested) return '--attested goes with --catalog: the ledger holds its own attested values';
  return undefined;
}

async function run(values: ScoreOptions, command: CommandUnknownOpts): Promise<number> {
  const wrong = contradiction(values);
  if (wrong) command.error(`error: ${wrong}`);
  const asOf = values.asOf ?? bangkokDay(Date.now());
  if (values.events) return print(await score(values, asOf, new InMemoryAggregateReader(readUsageEventsFile(values.events))), values.json);
  const config = loadConfig(ClickHouseConfigSchema, { ...process.env, ...(values.database ? { CLICKHOUSE_DATABASE: values.database } : {}) });
  const client = await connectClickHouse(config);
  try {
    return print(await score(values, asOf, new ClickHouseAggregateReader(client)), values.json);
  } finally {
    await client.close();
  }
}

export const scoreCommand = () => definition().action(exitsWith(run));
