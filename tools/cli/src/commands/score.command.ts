import { ClickHouseAggregateReader, ClickHouseConfigSchema, connectClickHouse } from '@govmetrics/clickhouse';
import { bangkokDay } from '@govmetrics/contracts';
import { loadConfig } from '@govmetrics/config';
import type { AggregateReader, CompositeReport, IndicatorReport, ScorecardReport } from '@govmetrics/scoring';
import { InMemoryAggregateReader, parseAttestations, parseCatalog, scoreCatalog } from '@govmetrics/scoring';
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../command';
import { readUsageEventsFile } from './usage-events-file';

const USAGE = [
  'usage: npm run -s cli -- score --catalog FILE.yaml [--database NAME | --events FILE.ndjson] [--attested FILE.yaml] [--as-of YYYY-MM-DD] [--json]',
  '  usage is read from ClickHouse (CLICKHOUSE_URL, database --database or CLICKHOUSE_DATABASE), or from an NDJSON file with --events;',
  '  attested values default to the file beside the catalog (CATALOG.attested.yaml); --as-of defaults to today in Bangkok',
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

function print(report: ScorecardReport, json: boolean | undefined): number {
  console.log(json ? JSON.stringify(report, null, 2) : formatReport(report));
  return 0;
}

export const scoreCommand: CliCommand = {
  name: 'score',
  summary: 'score a KPI catalog as of a day from ClickHouse (or --events FILE) and attested values, with reconciliation findings',
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        catalog: { type: 'string' },
        events: { type: 'string' },
        database: { type: 'string' },
        attested: { type: 'string' },
        'as-of': { type: 'string' },
        json: { type: 'boolean' },
      },
    });
    if (!values.catalog || (values.events && values.database)) {
      console.error(USAGE);
      return 2;
    }
    const catalog = parseCatalog(readFileSync(values.catalog, 'utf8'), values.catalog);
    // By default the attested values sit beside the catalog: dga-fy2564.yaml → dga-fy2564.attested.yaml.
    const attestedFile = values.attested ?? values.catalog.replace(/\.ya?ml$/, '.attested.yaml');
    if (values.attested && !existsSync(values.attested)) throw new Error(`--attested ${values.attested}: no such file`);
    const attestations = existsSync(attestedFile) ? parseAttestations(readFileSync(attestedFile, 'utf8'), attestedFile).attestations : [];
    const asOf = values['as-of'] ?? bangkokDay(Date.now());
    if (values.events) {
      const report = await scoreCatalog(catalog, { reader: new InMemoryAggregateReader(readUsageEventsFile(values.events)), attestations }, asOf);
      return print(report, values.json);
    }
    const config = loadConfig(ClickHouseConfigSchema, { ...process.env, ...(values.database ? { CLICKHOUSE_DATABASE: values.database } : {}) });
    const client = await connectClickHouse(config);
    try {
      const reader: AggregateReader = new ClickHouseAggregateReader(client);
      return print(await scoreCatalog(catalog, { reader, attestations }, asOf), values.json);
    } finally {
      await client.close();
    }
  },
};
