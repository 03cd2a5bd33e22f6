import { decimalsOf, Exact } from './exact';

const n = (value: number) => Exact.fromNumber(value);

describe(Exact.name, () => {
  it('adds decimals without float drift: 0.1 + 0.2 is exactly 0.3', () => expect(n(0.1).plus(n(0.2)).equals(n(0.3))).toBe(true));

  it('computes the Scorecard B overall exactly: (25 × 100 + 5 × 75) / 30 weighted with 40/30/20/10 is 98.75', () => {
    const component2 = n(25)
      .times(Exact.HUNDRED)
      .plus(n(5).times(n(75)))
      .dividedBy(n(30));
    const overall = n(40)
      .times(Exact.HUNDRED)
      .plus(n(30).times(component2))
      .plus(n(20).times(Exact.HUNDRED))
      .plus(n(10).times(Exact.HUNDRED))
      .dividedBy(Exact.HUNDRED);
    expect(overall.toFixed(2)).toBe('98.75');
    expect(overall.equals(n(98.75))).toBe(true);
    expect(component2.toFixed(2)).toBe('95.83');
  });

  it.each([
    [Exact.of(1040n, 11n), '94.55'],
    [Exact.of(880n, 9n), '97.78'],
    [n(2.005), '2.01'],
    [n(-2.005), '-2.01'],
    [n(92), '92.00'],
    [n(-0.001), '0.00'],
  ])('rounds %p half away from zero to %s', (value, expected) => expect(value.toFixed(2)).toBe(expected));

  it('reads exponent notation exactly', () => {
    expect(n(1e21).equals(Exact.of(10n ** 21n))).toBe(true);
    expect(n(1.5e-7).equals(Exact.of(15n, 10n ** 8n))).toBe(true);
  });

  it('refuses what is not a finite number and a division by zero', () => {
    expect(() => n(Number.NaN)).toThrow(RangeError);
    expect(() => n(1).dividedBy(Exact.ZERO)).toThrow('division by zero');
  });

  it('compares a value at the precision a figure was printed with', () => {
    expect(decimalsOf(87.5)).toBe(1);
    expect(Exact.of(1200n, 13n).roundedLike(92).equals(n(92))).toBe(true);
  });
});
