import type { CompositeReport, IndicatorReport, ScorecardReport } from '@govmetrics/scoring';
import { InMemoryAggregateReader, parseAttestations, parseCatalog, scoreCatalog } from '@govmetrics/scoring';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateFy2564 } from './generate-fy2564';

const CATALOGS = resolve(__dirname, '../../../../catalogs');
const read = (file: string) => readFileSync(resolve(CATALOGS, file), 'utf8');

function find(node: CompositeReport | IndicatorReport, id: string): CompositeReport | IndicatorReport | undefined {
  if (node.id === id) return node;
  return node.kind === 'composite' ? node.children.map((child) => find(child, id)).find(Boolean) : undefined;
}

describe('FY2564 scorecards from the generated demo data', () => {
  let report: ScorecardReport;

  beforeAll(async () => {
    // Given a year of generated usage events and the attested values, read in memory
    const reader = new InMemoryAggregateReader(generateFy2564());
    const { attestations } = parseAttestations(read('dga-fy2564.attested.yaml'));
    // When the catalog is scored as of the last day of the fiscal year
    report = await scoreCatalog(parseCatalog(read('dga-fy2564.yaml')), { reader, attestations }, '2021-09-30');
  });

  const scorecard = (id: string) => report.scorecards.find((candidate) => candidate.id === id) as CompositeReport;

  it('reproduces Scorecard A: ten indicators, plain mean exactly 92.00', () => {
    expect(scorecard('A')).toMatchObject({ score: 92, aggregation: 'mean', missing: false });
    expect(scorecard('A').children.map((child) => child.score)).toEqual([100, 100, 100, 100, 100, 100, 100, 20, 100, 100]);
  });

  it('reproduces Scorecard B: weighted, exactly 98.75, with leaf 2.2 in the 75 band', () => {
    expect(scorecard('B')).toMatchObject({ score: 98.75, aggregation: 'weighted', missing: false });
    expect(find(scorecard('B'), 'B2.2')).toMatchObject({ score: 75, measures: [{ actual: 16.31, method: { kind: 'bands', direction: 'lower-is-better' } }] });
    expect(find(scorecard('B'), 'B2')?.score).toBe(95.83);
  });

  it('computes indicator 1 from the events as 9,503,084 against a target of 5,000,000', () => {
    expect(find(scorecard('A'), 'A1')).toMatchObject({
      score: 100,
      measures: [
        {
          actual: 9_503_084,
          target: 5_000_000,
          method: { kind: 'ratio', cap: 100 },
          parts: [
            { label: 'Mor Chana users', value: 9_160_000 },
            { label: 'Thailand Plus users', value: 268_656 },
            { label: 'Tang Rat users', value: 37_149 },
            { label: 'Law Portal comments', value: 37_279 },
          ],
        },
      ],
    });
  });

  it('finds that indicator 1 printed 9,502,984 while its printed parts sum to 9,503,084', () => {
    expect(report.findings.filter((finding) => finding.node === 'A1')).toEqual([
      expect.objectContaining({ rule: 'published-total-differs-from-parts', published: 9_502_984, computed: 9_503_084, difference: 100 }),
    ]);
  });

  it('finds that component 2 printed 87.50 (plain mean) where the weights give 95.83, the value behind 98.75', () => {
    expect(report.findings.filter((finding) => finding.node === 'B2')).toEqual([
      expect.objectContaining({
        rule: 'different-aggregation-rule',
        published: 87.5,
        computed: 95.83,
        candidates: expect.arrayContaining([
          expect.objectContaining({ rule: 'mean', value: 87.5 }),
          expect.objectContaining({ rule: 'weighted', value: 95.83 }),
        ]),
        explanation: expect.stringContaining("95.83 is the value that yields B's published 98.75 (with 87.50 it would be 96.25)"),
      }),
    ]);
  });

  it('finds nothing else but the same printed total repeated in Table 2', () => {
    expect(report.findings.map((finding) => `${finding.rule} ${finding.node}`).sort()).toEqual([
      'different-aggregation-rule B2',
      'published-total-differs-from-parts A1',
      'published-total-differs-from-parts B1.1.2.uses',
    ]);
  });

  it('scores lower mid-year: as of 2021-03-31 the year-end attestations are not yet in force', async () => {
    const reader = new InMemoryAggregateReader(generateFy2564());
    const { attestations } = parseAttestations(read('dga-fy2564.attested.yaml'));
    const midYear = await scoreCatalog(parseCatalog(read('dga-fy2564.yaml')), { reader, attestations }, '2021-03-31');
    const a1 = find(midYear.scorecards[0] as CompositeReport, 'A1') as IndicatorReport;
    expect(a1.measures[0]?.actual).toBeLessThan(9_503_084);
    expect(midYear.scorecards[0]?.score).toBeLessThan(92);
  });
});

describe('FY2563 published figures', () => {
  it('says the overall 97.30 cannot be derived from the printed parts, with what each rule gives', async () => {
    const catalog = parseCatalog(read('dga-fy2563.yaml'));
    const report = await scoreCatalog(catalog, { reader: new InMemoryAggregateReader([]), attestations: [] }, '2020-09-30');
    expect(report.findings).toEqual([
      expect.objectContaining({
        rule: 'not-derivable',
        node: 'FY2563',
        published: 97.3,
        computed: null,
        candidates: [expect.objectContaining({ rule: 'mean', value: 97.78 }), expect.objectContaining({ rule: 'mean-of-leaves', value: 94.55 })],
        explanation: expect.stringContaining('cannot be derived'),
      }),
    ]);
  });
});
