import type { ScorecardReport } from '@govmetrics/scoring';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCommandLine } from '../command';
import { generateFy2564Command } from './generate-fy2564.command';
import { scoreCommand } from './score.command';

const CATALOG = resolve(__dirname, '../../../../catalogs/dga-fy2564.yaml');

describe('score command', () => {
  let dir: string;
  let out: jest.SpyInstance;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'score-command-'));
  });
  beforeEach(() => {
    out = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the FY2564 scorecards as JSON from generated events, with the attested values beside the catalog', async () => {
    const events = join(dir, 'fy2564.ndjson');
    expect(await runCommandLine(generateFy2564Command(), ['--out', events])).toBe(0);
    out.mockClear();

    expect(await runCommandLine(scoreCommand(), ['--catalog', CATALOG, '--events', events, '--as-of', '2021-09-30', '--json'])).toBe(0);

    const report = JSON.parse(String(out.mock.calls[0]?.[0])) as ScorecardReport;
    expect(report.scorecards.map((scorecard) => [scorecard.id, scorecard.score])).toEqual([
      ['A', 92],
      ['B', 98.75],
    ]);
    expect(report.findings.map((finding) => finding.rule)).toEqual(
      expect.arrayContaining(['published-total-differs-from-parts', 'different-aggregation-rule']),
    );
  });

  it('prints a readable table with actual, target, method and score of every indicator', async () => {
    const events = join(dir, 'few.ndjson');
    writeFileSync(events, '');
    expect(await runCommandLine(scoreCommand(), ['--catalog', CATALOG, '--events', events, '--as-of', '2021-09-30'])).toBe(0);
    const text = String(out.mock.calls[0]?.[0]);
    expect(text).toContain('A8 Organisational engagement (points gained): 20.00   [published 20.00]');
    expect(text).toContain('Uses of DGA digital services: actual — / target 5,000,000 users — ratio → 0.00 (no data)');
  });

  it('names the line, the field and the rule of an invalid event', async () => {
    const events = join(dir, 'bad.ndjson');
    writeFileSync(events, '{"specversion":"1.0"}\n');
    await expect(runCommandLine(scoreCommand(), ['--catalog', CATALOG, '--events', events])).rejects.toThrow(
      /bad\.ndjson:1: not a usage event: \$\.id invalid_type/,
    );
  });

  it('explains its usage when the catalog is missing or two usage sources are named', async () => {
    expect(await runCommandLine(scoreCommand(), ['--events', 'x.ndjson'])).toBe(2);
    expect(await runCommandLine(scoreCommand(), ['--catalog', CATALOG, '--events', 'x.ndjson', '--database', 'govmetrics'])).toBe(2);
  });
});
