import type { CatalogChange, LedgerScorecardsAnswer } from '@govmetrics/contracts';
import { compareScores } from './compare-scorecards';
import { daysOutside, movedUsage } from './moved-usage';

/** Scorecard A with indicators A1 (usage, period from the fiscal year's start to `asOf`) and A2 (attested: no period). */
const answer = (asOf: string, a1: number, a2: number): LedgerScorecardsAnswer =>
  ({
    asOf,
    scorecards: [
      {
        kind: 'composite',
        id: 'A',
        name: 'A',
        score: (a1 + a2) / 2,
        children: [
          { kind: 'indicator', id: 'A1', name: 'Users', score: a1, measures: [{ id: 'A1', period: { fromDay: '2020-10-01', toDay: asOf } }] },
          { kind: 'indicator', id: 'A2', name: 'Survey', score: a2, measures: [{ id: 'A2', period: null }] },
        ],
      },
    ],
  }) as unknown as LedgerScorecardsAnswer;

const defined = (indicatorId: string, definition: unknown): CatalogChange =>
  ({ type: 'KpiDefined', stream: `kpi:dga-fy2564:${indicatorId}`, version: '1', data: { indicatorId, definition } }) as unknown as CatalogChange;

const morchana = { platform: 'morchana', metric: 'registered_users' };
const tangrat = { platform: 'tangrat', metric: 'registered_users' };

describe(daysOutside.name, () => {
  it('is the later days when one period extends the other', () => {
    expect(daysOutside({ fromDay: '2020-10-01', toDay: '2021-09-30' }, { fromDay: '2020-10-01', toDay: '2021-03-31' })).toEqual([
      { fromDay: '2021-04-01', toDay: '2021-09-30' },
    ]);
  });

  it('is nothing for a period inside the other, across a month end', () => {
    expect(daysOutside({ fromDay: '2020-10-01', toDay: '2021-02-28' }, { fromDay: '2020-10-01', toDay: '2021-03-31' })).toEqual([]);
  });

  it('is both ends when the other lies inside, and the whole period when they do not meet', () => {
    expect(daysOutside({ fromDay: '2021-01-01', toDay: '2021-12-31' }, { fromDay: '2021-03-01', toDay: '2021-03-31' })).toEqual([
      { fromDay: '2021-01-01', toDay: '2021-02-28' },
      { fromDay: '2021-04-01', toDay: '2021-12-31' },
    ]);
    expect(daysOutside({ fromDay: '2021-10-01', toDay: '2021-10-31' }, { fromDay: '2020-10-01', toDay: '2021-09-30' })).toEqual([
      { fromDay: '2021-10-01', toDay: '2021-10-31' },
    ]);
  });
});

describe(movedUsage.name, () => {
  it('lists, for each indicator that moved, every source it reads over the days only the later point read', () => {
    // Given A1 moving from 94.98 as of 2021-03-31 to 100 as of 2021-09-30, and A2 (attested) from 0 to 100
    const sides = { before: answer('2021-03-31', 94.98, 0), after: answer('2021-09-30', 100, 100) };
    const changes = [defined('A1', { actual: { sum: [{ query: morchana }, { query: tangrat }] } }), defined('A2', { actual: { attested: true } })];
    // Then A1's two sources over April to September are listed, read by the later point; A2 reads no usage
    expect(movedUsage(compareScores(sides.before, sides.after), sides, changes)).toEqual([
      { indicatorId: 'A1', source: morchana, days: { fromDay: '2021-04-01', toDay: '2021-09-30' }, asOf: '2021-09-30' },
      { indicatorId: 'A1', source: tangrat, days: { fromDay: '2021-04-01', toDay: '2021-09-30' }, asOf: '2021-09-30' },
    ]);
  });

  it('lists a source once when two measures of the indicator read it over the same days', () => {
    const sides = { before: answer('2021-03-31', 94.98, 0), after: answer('2021-09-30', 100, 0) };
    const twice = [defined('A1', { measures: [{ actual: { query: morchana } }, { actual: { query: morchana } }] })];
    expect(movedUsage(compareScores(sides.before, sides.after), sides, twice)).toEqual([
      { indicatorId: 'A1', source: morchana, days: { fromDay: '2021-04-01', toDay: '2021-09-30' }, asOf: '2021-09-30' },
    ]);
  });

  it('lists nothing when both points score the same day: known-at moves the ledger, not the usage read', () => {
    const sides = { before: answer('2021-09-30', 100, 100), after: answer('2021-09-30', 50, 100) };
    expect(movedUsage(compareScores(sides.before, sides.after), sides, [defined('A1', { query: morchana })])).toEqual([]);
  });
});
