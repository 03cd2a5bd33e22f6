import type { CatalogForecast, MeasureForecast, NodeForecast } from '../forecast/forecast-report';
import type { Status } from '../status/status';
import type { AlertInputs } from './alert-inputs';
import { judgeCondition } from './judge-condition';

const measure = (id: string, score: number, status: Status): MeasureForecast => ({
  id,
  source: 'events',
  actual: 300,
  target: 5000,
  forecast: { low: 550, expected: 600, high: 650 },
  score: { low: score - 1, expected: score, high: score + 1 },
  status,
  reachability: { state: 'unreachable' },
  pace: null,
});
const node = (kind: NodeForecast['kind'], id: string, status: Status, parts: { children?: NodeForecast[]; measures?: MeasureForecast[] }): NodeForecast => ({
  kind,
  id,
  name: id,
  score: { low: 0, expected: 12, high: 13 },
  status,
  children: parts.children ?? [],
  measures: parts.measures ?? [],
});

/** Scorecard A holds the single-target indicator A3, whose one measure bears the indicator's id, as in the FY2564 catalog. */
const singleTarget: CatalogForecast = {
  catalogId: 'dga-fy2564',
  asOf: '2021-04-01',
  periodEnd: '2021-09-30',
  method: 'year-to-date',
  scorecards: [node('composite', 'A', 'at-risk', { children: [node('indicator', 'A3', 'at-risk', { measures: [measure('A3', 12, 'off-track')] })] })],
  unknown: [],
};
const inputs: AlertInputs = { reference: '2021-04-01T12:00:00Z', forecasts: new Map([['dga-fy2564', singleTarget]]), newestEvents: new Map(), projector: [] };

describe(judgeCondition.name, () => {
  it("given a forecast-threshold rule on a single-target indicator's measure (A3), then it is judged on the measure and fires", () => {
    const judged = judgeCondition({ kind: 'forecast-threshold', catalogId: 'dga-fy2564', measureId: 'A3', of: 'score', when: 'below', value: 50 }, inputs);
    expect(judged).toEqual({
      holds: true,
      summary: "A3's projected period-end score 12 is below 50 (as of 2021-04-01)",
      observed: { measureId: 'A3', of: 'score', expected: 12, low: 11, high: 13, asOf: '2021-04-01' },
    });
  });

  it("given a status-change rule on the same id, then it watches the indicator's status, not its measure's", () => {
    const judged = judgeCondition({ kind: 'status-change', catalogId: 'dga-fy2564', nodeId: 'A3', to: ['at-risk'] }, inputs);
    expect(judged).toMatchObject({ holds: true, observed: { nodeId: 'A3', status: 'at-risk' } });
  });

  it('given a forecast-threshold rule on a measure the forecast does not hold, then it is not judged', () => {
    expect(
      judgeCondition({ kind: 'forecast-threshold', catalogId: 'dga-fy2564', measureId: 'A99', of: 'score', when: 'below', value: 50 }, inputs),
    ).toBeUndefined();
  });
});
