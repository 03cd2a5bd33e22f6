import type { Backtest } from '@govmetrics/foresight';
import { DEFAULT_FORECAST_METHOD } from '@govmetrics/foresight';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runCommandLine, USAGE_EXIT } from '../command';
import { cliProgram } from '../program';
import { formatBacktest, fy2564Backtest } from './forecast.command';

const DOC = resolve(__dirname, '../../../../docs/foresight.md');

/** The Markdown between the doc's backtest markers. */
function documentedTable(): string {
  const match = /<!-- backtest:begin -->\n([\s\S]*?)\n<!-- backtest:end -->/.exec(readFileSync(DOC, 'utf8'));
  if (!match?.[1]) throw new Error('docs/foresight.md has no <!-- backtest:begin --> … <!-- backtest:end --> section');
  return match[1];
}

describe('forecast backtest', () => {
  let result: Backtest;

  // The whole demo year forecast 40 times in memory: ~25 s on a loaded 2-core machine.
  beforeAll(async () => {
    result = await fy2564Backtest();
  }, 240_000);

  it('prints exactly the table docs/foresight.md keeps', () => {
    expect(formatBacktest(result)).toBe(documentedTable());
  });

  it('makes the method with the lowest mean error the default, and the table names it', () => {
    const errors = result.methods.flatMap((method) => (method.meanError === null ? [] : [method.meanError]));
    expect(result.best).toBe(DEFAULT_FORECAST_METHOD);
    expect(result.methods.find((method) => method.method === result.best)?.meanError).toBe(Math.min(...errors));
    expect(formatBacktest(result)).toContain(`| **${DEFAULT_FORECAST_METHOD}** (default: lowest mean error) |`);
  });

  it('forecasts every event-read measure of both scorecards as of each month end from 2020-11 to 2021-08', () => {
    expect(result.asOfDays).toEqual([
      '2020-11-30',
      '2020-12-31',
      '2021-01-31',
      '2021-02-28',
      '2021-03-31',
      '2021-04-30',
      '2021-05-31',
      '2021-06-30',
      '2021-07-31',
      '2021-08-31',
    ]);
    const best = result.methods.find((method) => method.method === result.best);
    expect(best?.measures.map((measure) => measure.id)).toEqual(expect.arrayContaining(['A1', 'A3', 'A7', 'B1.1.2.uses', 'B1.2.1.satisfaction']));
    expect(best?.scorecards.map((scorecard) => [scorecard.id, scorecard.final])).toEqual([
      ['A', 92],
      ['B', 98.75],
    ]);
  });
});

describe('forecast at', () => {
  it('prints every measure with its period-end interval, status and reachability as of a day', async () => {
    const printed: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((text: string) => void printed.push(text));
    try {
      // When FY2564 is forecast as of the end of June 2021 by the default method
      expect(await runCommandLine(cliProgram(), ['forecast', 'at', '--as-of', '2021-06-30'])).toBe(0);
    } finally {
      log.mockRestore();
    }
    // Then a steady counter is on track with its interval, and an attestation not yet recorded is unknown: listed, never scored
    const output = printed.join('\n');
    expect(output).toContain(`dga-fy2564 forecast to 2021-09-30 as of 2021-06-30 by ${DEFAULT_FORECAST_METHOD}`);
    expect(output).toContain('A6.literacy (events): actual 223,681 → 299,060.68 [229,043.1 – 369,078.26] / target 200,000 — on-track, met');
    expect(output).toMatch(/^unknown, not yet attested \(left out of every score and status\): .*\bA5\b/m);
    expect(output).not.toContain('A5 (attested)');
  }, 120_000);

  it('refuses a method it does not know', async () => {
    const quiet = { writeOut: () => undefined, writeErr: () => undefined };
    expect(await runCommandLine(cliProgram(), ['forecast', 'at', '--as-of', '2021-06-30', '--method', 'magic'], quiet)).toBe(USAGE_EXIT);
  });
});
