import { reachability } from './reachability';

describe(reachability.name, () => {
  const end = '2021-09-30';

  it('gives the last day the gap still closes at the best day seen, repeated every day to the period end', () => {
    // Given 900 of a 1,000 target, best single day +30: 4 more such days are needed (30 × 4 ≥ 100)
    const history = [800, 830, 860, 870, 900];
    // Then starting on 27 September (27, 28, 29, 30) is the last chance
    expect(reachability('higher', 1000, history, '2021-06-30', end)).toEqual({ state: 'reachable', lastDay: '2021-09-27' });
  });

  it('is unreachable when not even the best day seen can close the gap in the days left, or no day moved towards it', () => {
    expect(reachability('higher', 1000, [800, 830, 860, 870, 900], '2021-09-28', end)).toEqual({ state: 'unreachable' });
    expect(reachability('higher', 1000, [900, 900, 880], '2021-03-31', end)).toEqual({ state: 'unreachable' });
  });

  it('is met once the actual reaches the goal, either direction, and has no data without an actual', () => {
    expect(reachability('higher', 10, [4, 12], '2021-03-31', end)).toEqual({ state: 'met' });
    expect(reachability('lower', 20, [30, 16.31], '2021-03-31', end)).toEqual({ state: 'met' });
    expect(reachability('lower', 20, [40, 30], '2021-09-29', end)).toEqual({ state: 'reachable', lastDay: '2021-09-30' });
    expect(reachability('higher', 10, [null], '2021-03-31', end)).toEqual({ state: 'no-data' });
  });
});
