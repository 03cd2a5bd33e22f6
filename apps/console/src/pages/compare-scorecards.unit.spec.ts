import type { CatalogChange, LedgerScorecardsAnswer } from '@govmetrics/contracts';
import { changesBetween, compareScores } from './compare-scorecards';

const answer = (a1: number, overall: number): LedgerScorecardsAnswer =>
  ({
    scorecards: [
      {
        kind: 'composite',
        id: 'A',
        name: 'Scorecard A',
        score: overall,
        aggregation: 'mean',
        children: [{ kind: 'indicator', id: 'A1', name: 'Users', score: a1, measures: [] }],
      },
    ],
  }) as unknown as LedgerScorecardsAnswer;

const change = (when: string, effective: string, version = '1'): CatalogChange =>
  ({ type: 'TargetRevised', stream: 'kpi:dga-fy2564:A1', version, effective, when, who: 'steward', why: 'revised' }) as unknown as CatalogChange;

describe(compareScores.name, () => {
  it('pairs every node of both answers with its score on each side, in tree order', () => {
    expect(compareScores(answer(5, 92), answer(4, 90.5))).toEqual([
      { key: 'composite:A', id: 'A', name: 'Scorecard A', depth: 0, before: 92, after: 90.5 },
      { key: 'indicator:A1', id: 'A1', name: 'Users', depth: 1, before: 5, after: 4 },
    ]);
  });
});

describe(changesBetween.name, () => {
  const early = { asOf: '2021-09-30', knownAt: '2021-10-01T00:00:00Z' };
  const late = { asOf: '2021-09-30', knownAt: '2021-12-01T00:00:00Z' };

  it('lists what was recorded between the two instants and is in force by the as-of day, whichever side is given first', () => {
    const changes = [
      change('2021-09-01T00:00:00Z', '2020-10-01', '1'),
      change('2021-11-01T00:00:00Z', '2021-09-01', '2'),
      change('2021-11-02T00:00:00Z', '2021-10-15', '3'),
    ];
    expect(changesBetween(changes, late, early).map(({ version, because }) => [version, because])).toEqual([['2', 'recorded-between']]);
  });

  it('takes an empty known-at as now, and lists what both knew that took effect between the two as-of days', () => {
    const changes = [change('2021-09-01T00:00:00Z', '2021-06-01', '1'), change('2021-11-01T00:00:00Z', '2021-05-01', '2')];
    const points = [
      { asOf: '2021-03-31', knownAt: '' },
      { asOf: '2021-09-30', knownAt: '' },
    ] as const;
    expect(changesBetween(changes, ...points, Date.parse('2022-01-01T00:00:00Z')).map(({ version, because }) => [version, because])).toEqual([
      ['1', 'effective-between'],
      ['2', 'effective-between'],
    ]);
  });
});
