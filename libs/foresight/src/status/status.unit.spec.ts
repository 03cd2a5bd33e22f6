import type { ScoringMethod } from '@govmetrics/contracts';
import fc from 'fast-check';
import type { Interval } from '../methods/forecast-method';
import { STATUSES, statusOf } from './status';

const rank = (method: ScoringMethod, target: number, interval: Interval) => STATUSES.indexOf(statusOf(method, target, interval));

const interval = fc
  .tuple(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true }))
  .map((values): Interval => {
    const [low, expected, high] = [...values].sort((a, b) => a - b) as [number, number, number];
    return { low, expected, high };
  });

const methods: { method: ScoringMethod; better: 1 | -1 }[] = [
  { method: { kind: 'ratio', cap: 100 }, better: 1 },
  { method: { kind: 'milestone' }, better: 1 },
  { method: { kind: 'inverse-ratio', cap: 100 }, better: -1 },
  {
    method: {
      kind: 'bands',
      direction: 'lower-is-better',
      bands: [
        { threshold: 100, score: 100 },
        { threshold: 500, score: 50 },
      ],
      otherwise: 0,
    },
    better: -1,
  },
];

describe(statusOf.name, () => {
  it.each(methods)('is monotone in the forecast: moving the interval the better way never worsens the status ($method.kind)', ({ method, better }) => {
    fc.assert(
      fc.property(interval, fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 1, max: 1e6, noNaN: true }), (forecast, shift, target) => {
        const moved = { low: forecast.low + better * shift, expected: forecast.expected + better * shift, high: forecast.high + better * shift };
        expect(rank(method, target, moved)).toBeGreaterThanOrEqual(rank(method, target, forecast));
      }),
    );
  });

  it('is on track when even the low end meets the target, off track when not even the high end does, at risk between', () => {
    const ratio: ScoringMethod = { kind: 'ratio', cap: 100 };
    expect(statusOf(ratio, 100, { low: 100, expected: 120, high: 150 })).toBe('on-track');
    expect(statusOf(ratio, 100, { low: 80, expected: 95, high: 110 })).toBe('at-risk');
    expect(statusOf(ratio, 100, { low: 60, expected: 80, high: 99 })).toBe('off-track');
    expect(statusOf(ratio, 100, null)).toBe('at-risk');
  });
});
