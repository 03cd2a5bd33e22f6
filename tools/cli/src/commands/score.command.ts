import { ClickHouseAggregateReader, ClickHouseConfigSchema, connectClickHouse } from '@govmetrics/clickhouse';
import type { Attestation, KpiCatalog } from '@govmetrics/contracts';
import { bangkokDay } from '@govmetrics/contracts';
import type { CatalogVersion, LedgerScoreReport } from '@govmetrics/ledger';
import { scoreFromLedger } from '@govmetrics/ledger';
import { loadConfig } from '@govmetrics/config';
import type { AggregateReader, CompositeReport, IndicatorReport, ScorecardReport } from '@govmetrics/scoring';
import { InMemoryAggregateReader, parseAttestations, parseCatalog, scoreCatalog } from '@govmetrics/scoring';
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../command';
import { withLedger } from '../ledger/cli-ledger';
import { readUsageEventsFile } from './usage-events-file';

const USAGE = [
  'usage: npm run -s cli -- score (--catalog FILE.yaml [--attested FILE.yaml] | --ledger URL [--catalog-id ID] [--known-at ISO_INSTANT])',
  '                               [--database NAME | --events FILE.ndjson] [--as-of YYYY-MM-DD] [--json]',
  '  usage is read from ClickHouse (CLICKHOUSE_URL, database --database or CLICKHOUSE_DATABASE), or from an NDJSON file with --events;',
  '  --catalog: the catalog file, attested values from the file beside it (CATALOG.attested.yaml) unless --attested;',
  '  --ledger: the catalog and attested values in force on the as-of day in the governance ledger (postgres://… or sqlite:FILE),',
  '            as the ledger stood at --known-at (default: now); the report names the catalog version used;',
  '  --as-of defaults to today in Bangkok',
].join('\n');

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
    `catalog ${version.catalogId} from the ledger, in force on ${version.day}, ${version.knownAt === null ? 'with every change recorded so far' : `as known at ${version.knownAt}`}: digest ${version.digest.slice(0, 16)}, ${version.events} events,`,
    `  last change ${lastChange.stream} v${lastChange.revision} (position ${lastChange.position}) recorded ${lastChange.when} by ${lastChange.who}: ${lastChange.why}`,
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
  const knownAt = values['known-at'] === undefined ? undefined : new Date(values['known-at']);
  if (knownAt && Number.isNaN(knownAt.getTime())) throw new Error(`--known-at must be an ISO instant, e.g. 2026-01-31T12:00:00+07:00; got "${values['known-at']}"`);
  const catalogId = values['catalog-id'];
  return withLedger(values.ledger, async (ledger) =>
    scoreFromLedger(await ledger.readAll(), reader, { day: asOf, ...(knownAt ? { knownAt } : {}), ...(catalogId ? { catalogId } : {}) }),
  );
}

const OPTIONS = {
  catalog: { type: 'string' },
  ledger: { type: 'string' },
  'catalog-id': { type: 'string' },
  'known-at': { type: 'string' },
  events: { type: 'string' },
  database: { type: 'string' },
  attested: { type: 'string' },
  'as-of': { type: 'string' },
  json: { type: 'boolean' },
} as const;

type ScoreOptions = ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS }>>['values'];

export const scoreCommand: CliCommand = {
  name: 'score',
  summary: 'score a KPI catalog (file, or the ledger\'s as of the day) from ClickHouse (or --events FILE), with reconciliation findings',
  async run(args) {
    const { values } = parseArgs({ args, options: OPTIONS });
    const ledgerOnly = values['catalog-id'] !== undefined || values['known-at'] !== undefined;
    if ((values.catalog === undefined) === (values.ledger === undefined) || (values.events && values.database) || (values.catalog && ledgerOnly) || (values.ledger && values.attested)) {
      console.error(USAGE);
      return 2;
    }
    const asOf = values['as-of'] ?? bangkokDay(Date.now());
    if (values.events) return print(await score(values, asOf, new InMemoryAggregateReader(readUsageEventsFile(values.events))), values.json);
    const config = loadConfig(ClickHouseConfigSchema, { ...process.env, ...(values.database ? { CLICKHOUSE_DATABASE: values.database } : {}) });
    const client = await connectClickHouse(config);
    try {
      return print(await score(values, asOf, new ClickHouseAggregateReader(client)), values.json);
    } finally {
      await client.close();
    }
  },
};
