import type { Backtest } from '@govmetrics/foresight';
import { DEFAULT_FORECAST_METHOD } from '@govmetrics/foresight';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
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
