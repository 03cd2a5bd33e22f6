import fc from 'fast-check';
import type { RunningSeries } from './forecast-method';
import { FORECAST_METHODS, forecastSeries } from './forecast-method';

/** A running counter: cumulative sums of non-negative daily amounts, `null` until its first event. */
const runningCounter = fc.tuple(fc.nat({ max: 40 }), fc.array(fc.nat({ max: 1_000_000 }), { minLength: 1, maxLength: 200 })).map(([silentDays, amounts]) => {
  let total = 0;
  return [...Array.from({ length: silentDays }, () => null), ...amounts.map((amount) => (total += amount))];
});

const history = fc.option(fc.array(fc.option(fc.nat({ max: 10_000_000 }), { nil: null }), { minLength: 1, maxLength: 400 }), { nil: undefined });

const series = (kind: RunningSeries['kind']) =>
  fc
    .record({ running: runningCounter, remainingDays: fc.nat({ max: 365 }), lastYear: history })
    .map(({ running, remainingDays, lastYear }): RunningSeries => ({ kind, running, remainingDays, ...(lastYear ? { lastYear } : {}) }));

const reached = (running: RunningSeries['running']) => running[running.length - 1] ?? 0;

describe(forecastSeries.name, () => {
  it.each(['counter', 'distinct'] as const)('never forecasts a %s below the level it already reached, at any end of the interval', (kind) => {
    fc.assert(
      fc.property(series(kind), fc.constantFrom(...FORECAST_METHODS), (input, method) => {
        const interval = forecastSeries(method, input);
        if (interval === null) return;
        expect(interval.low).toBeGreaterThanOrEqual(reached(input.running));
        expect(interval.low).toBeLessThanOrEqual(interval.expected);
        expect(interval.expected).toBeLessThanOrEqual(interval.high);
      }),
    );
  });

  it('answers the same input with the same interval, every method, every kind', () => {
    const anyKind = fc.constantFrom('counter' as const, 'gauge' as const, 'distinct' as const).chain(series);
    fc.assert(
      fc.property(anyKind, fc.constantFrom(...FORECAST_METHODS), (input, method) => {
        expect(forecastSeries(method, structuredClone(input))).toEqual(forecastSeries(method, input));
      }),
    );
  });

  it('carries a steady counter on at its rate: 10 a day for 100 days, 265 days left, ends at 3,650 by every rate method', () => {
    // Given a counter that grew by exactly 10 every day
    const running = Array.from({ length: 100 }, (_, day) => (day + 1) * 10);
    for (const method of ['trend', 'run-rate-30', 'year-to-date'] as const) {
      // When it is forecast to the period's end, Then every rate method agrees, and with no variation the interval is a point
      expect(forecastSeries(method, { kind: 'counter', running, remainingDays: 265 })).toEqual({ low: 3650, expected: 3650, high: 3650 });
    }
  });

  it('lets a gauge fall, and holds a distinct count to the rate it found new entities at lately', () => {
    const falling = Array.from({ length: 60 }, (_, day) => 1000 - day * 5);
    expect(forecastSeries('year-to-date', { kind: 'gauge', running: falling, remainingDays: 10 })?.expected).toBe(705 - 50);
    // 100 new entities a day for 60 days, then none for 30: the year-to-date rate (66.7 a day) is held to the recent 0.
    const saturated = [...Array.from({ length: 60 }, (_, day) => (day + 1) * 100), ...Array.from({ length: 30 }, () => 6000)];
    expect(forecastSeries('year-to-date', { kind: 'distinct', running: saturated, remainingDays: 100 })?.expected).toBe(6000);
  });

  it('scales by last year only where last year has data, and has nothing to say before the first event', () => {
    const running = [100, 200];
    expect(forecastSeries('last-year', { kind: 'counter', running, remainingDays: 2 })).toBeNull();
    expect(forecastSeries('last-year', { kind: 'counter', running, remainingDays: 2, lastYear: [50, 100, 150, 400] })?.expected).toBe(800);
    expect(forecastSeries('trend', { kind: 'counter', running: [null, null], remainingDays: 5 })).toBeNull();
  });
});
