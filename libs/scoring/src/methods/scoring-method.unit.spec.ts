import type { ScoringMethod } from '@govmetrics/contracts';
import { ScoringMethodSchema } from '@govmetrics/contracts';
import { Exact } from '../exact/exact';
import { scoreMeasure } from './scoring-method';

const n = (value: number) => Exact.fromNumber(value);
const score = (method: ScoringMethod, actual: number | null, target: number | null = null) =>
  scoreMeasure(method, actual === null ? null : n(actual), target === null ? null : n(target)).toFixed(2);
const method = (input: unknown) => ScoringMethodSchema.parse(input);

describe(scoreMeasure.name, () => {
  describe('ratio', () => {
    const ratio = method({ kind: 'ratio' });

    it('scores actual / target × 100: +1 point against +5 gives 20', () => expect(score(ratio, 1, 5)).toBe('20.00'));
    it('caps at 100 by default', () => expect(score(ratio, 9_503_084, 5_000_000)).toBe('100.00'));
    it('caps at the configured cap', () => expect(score(method({ kind: 'ratio', cap: 120 }), 300, 200)).toBe('120.00'));
    it('scores exactly at the target as 100', () => expect(score(ratio, 400, 400)).toBe('100.00'));
    it('meets a zero target with any actual, without dividing by zero', () => {
      expect(score(ratio, 0, 0)).toBe('100.00');
      expect(score(ratio, 7, 0)).toBe('100.00');
    });
    it('never goes below 0', () => expect(score(ratio, -3, 10)).toBe('0.00'));
    it('gives nothing for missing data', () => expect(score(ratio, null, 5)).toBe('0.00'));
  });

  describe('inverse-ratio (lower is better)', () => {
    const inverse = method({ kind: 'inverse-ratio' });

    it('scores target / actual × 100 above the target', () => expect(score(inverse, 20, 15)).toBe('75.00'));
    it('caps at 100 at or below the target', () => {
      expect(score(inverse, 15, 15)).toBe('100.00');
      expect(score(inverse, 10, 15)).toBe('100.00');
    });
    it('gives the cap to a zero actual, without dividing by zero', () => expect(score(inverse, 0, 15)).toBe('100.00'));
    it('meets a zero target only with a zero actual', () => {
      expect(score(inverse, 0, 0)).toBe('100.00');
      expect(score(inverse, 1, 0)).toBe('0.00');
    });
    it('gives nothing for missing data', () => expect(score(inverse, null, 15)).toBe('0.00'));
  });

  describe('bands', () => {
    const higher = method({
      kind: 'bands',
      direction: 'higher-is-better',
      bands: [
        { threshold: 400, score: 100 },
        { threshold: 350, score: 75 },
        { threshold: 300, score: 50 },
      ],
    });
    const lower = method({
      kind: 'bands',
      direction: 'lower-is-better',
      bands: [
        { threshold: 15, score: 100 },
        { threshold: 17.5, score: 75 },
        { threshold: 20, score: 50 },
      ],
    });

    it.each([
      [437.74, '100.00'],
      [400, '100.00'],
      [399.99, '75.00'],
      [350, '75.00'],
      [300, '50.00'],
      [299.99, '0.00'],
    ])('higher is better: %p lands in %s (an edge belongs to the better band)', (actual, expected) => expect(score(higher, actual)).toBe(expected));

    it.each([
      [10, '100.00'],
      [15, '100.00'],
      [15.01, '75.00'],
      [16.31, '75.00'],
      [17.5, '75.00'],
      [20, '50.00'],
      [20.01, '0.00'],
    ])('lower is better: %p lands in %s', (actual, expected) => expect(score(lower, actual)).toBe(expected));

    it('scores outside every band as `otherwise`', () =>
      expect(score(method({ kind: 'bands', direction: 'higher-is-better', bands: [{ threshold: 5, score: 100 }], otherwise: 20 }), 1)).toBe('20.00'));
    it('gives nothing for missing data, not `otherwise`', () =>
      expect(score(method({ kind: 'bands', direction: 'lower-is-better', bands: [{ threshold: 5, score: 100 }], otherwise: 20 }), null)).toBe('0.00'));

    it('refuses bands not listed best first, saying which order each direction needs', () => {
      const result = ScoringMethodSchema.safeParse({
        kind: 'bands',
        direction: 'lower-is-better',
        bands: [
          { threshold: 20, score: 50 },
          { threshold: 15, score: 100 },
        ],
      });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]).toMatchObject({ path: ['bands'], message: expect.stringContaining('strictly increasing when lower is better') });
    });
  });

  describe('milestone', () => {
    const milestone = method({ kind: 'milestone' });

    it('scores done as 100 and not done as 0', () => {
      expect(score(milestone, 1)).toBe('100.00');
      expect(score(milestone, 0)).toBe('0.00');
    });
    it('is done when the actual reaches a given target', () => {
      expect(score(milestone, 4, 4)).toBe('100.00');
      expect(score(milestone, 3, 4)).toBe('0.00');
    });
    it('is not done without data', () => expect(score(milestone, null)).toBe('0.00'));
  });
});
