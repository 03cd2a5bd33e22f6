import { parseRoute, routeHref } from './route';

describe(parseRoute.name, () => {
  it('reads the page and its inputs from the hash, and routeHref writes what it reads', () => {
    const route = parseRoute(routeHref('scorecards', { catalog: 'dga-fy2564', 'as-of': '2021-09-30', 'known-at': '2021-10-01T00:00:00.000Z' }));
    expect(route.page).toBe('scorecards');
    expect(Object.fromEntries(route.params)).toEqual({ catalog: 'dga-fy2564', 'as-of': '2021-09-30', 'known-at': '2021-10-01T00:00:00.000Z' });
  });

  it('opens the live board for an empty or unknown hash', () => {
    expect([parseRoute('').page, parseRoute('#/').page, parseRoute('#/nowhere?x=1').page]).toEqual(['live', 'live', 'live']);
  });
});
