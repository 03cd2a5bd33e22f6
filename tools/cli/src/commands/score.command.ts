import type { CompositeReport, IndicatorReport, ScorecardReport } from '@govmetrics/scoring';
import { InMemoryAggregateReader, parseAttestations, parseCatalog, scoreCatalog } from '@govmetrics/scoring';
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../command';
import { readUsageEventsFile } from './usage-events-file';

const USAGE =
  'usage: npm run -s cli -- score --catalog FILE.yaml --events FILE.ndjson [--attested FILE.yaml (default: CATALOG.attested.yaml)] [--as-of YYYY-MM-DD] [--json]';

/** Today in Bangkok. */
const bangkokToday = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);

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

export const scoreCommand: CliCommand = {
  name: 'score',
  summary: 'score a KPI catalog as of a day from usage events and attested values, with reconciliation findings',
  async run(args) {
    const { values } = parseArgs({
      args,
      options: { catalog: { type: 'string' }, events: { type: 'string' }, attested: { type: 'string' }, 'as-of': { type: 'string' }, json: { type: 'boolean' } },
    });
    if (!values.catalog || !values.events) {
      // The ClickHouse reader is the other source; until it is wired here, events come from a file.
      console.error(`${USAGE}\n(--events: usage events as NDJSON, e.g. from generate-fy2564)`);
      return 2;
    }
    const catalog = parseCatalog(readFileSync(values.catalog, 'utf8'), values.catalog);
    // By default the attested values sit beside the catalog: dga-fy2564.yaml → dga-fy2564.attested.yaml.
    const attestedFile = values.attested ?? values.catalog.replace(/\.ya?ml$/, '.attested.yaml');
    if (values.attested && !existsSync(values.attested)) throw new Error(`--attested ${values.attested}: no such file`);
    const attestations = existsSync(attestedFile) ? parseAttestations(readFileSync(attestedFile, 'utf8'), attestedFile).attestations : [];
    const reader = new InMemoryAggregateReader(readUsageEventsFile(values.events));
    const report = await scoreCatalog(catalog, { reader, attestations }, values['as-of'] ?? bangkokToday());
    console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
    return 0;
  },
};
