const gcd = (a: bigint, b: bigint): bigint => {
  let [x, y] = [a < 0n ? -a : a, b < 0n ? -b : b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
};

/**
 * An exact rational number. Scores are sums and quotients of decimal inputs (weights of 7.5, actuals of
 * 16.31): binary floats would print 98.75 as 98.74999…, so every step is computed on fractions and
 * rounded once, on output.
 */
export class Exact {
  private constructor(
    readonly numerator: bigint,
    readonly denominator: bigint,
  ) {}

  static readonly ZERO = Exact.of(0n);
  static readonly HUNDRED = Exact.of(100n);

  static of(numerator: bigint, denominator = 1n): Exact {
    if (denominator === 0n) throw new RangeError('Exact: division by zero');
    const sign = denominator < 0n ? -1n : 1n;
    const divisor = gcd(numerator, denominator) || 1n;
    return new Exact((sign * numerator) / divisor, (sign * denominator) / divisor);
  }

  /** The decimal a JS number prints as (its shortest round-trip form), exactly: 0.1 is 1/10, not 0.1000000000000000055… */
  static fromNumber(value: number): Exact {
    if (!Number.isFinite(value)) throw new RangeError(`Exact: ${value} is not a finite number`);
    const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value));
    if (!match) throw new RangeError(`Exact: cannot read ${value}`);
    const [, sign, whole, fraction = '', exponent = '0'] = match;
    const digits = BigInt(`${sign}${whole}${fraction}`);
    const scale = Number(exponent) - fraction.length;
    return scale >= 0 ? Exact.of(digits * 10n ** BigInt(scale)) : Exact.of(digits, 10n ** BigInt(-scale));
  }

  static sum(values: readonly Exact[]): Exact {
    return values.reduce((acc, value) => acc.plus(value), Exact.ZERO);
  }

  static mean(values: readonly Exact[]): Exact {
    if (values.length === 0) throw new RangeError('Exact: mean of nothing');
    return Exact.sum(values).dividedBy(Exact.of(BigInt(values.length)));
  }

  static min(values: readonly Exact[]): Exact {
    return values.reduce((acc, value) => (value.compare(acc) < 0 ? value : acc));
  }

  plus(other: Exact): Exact {
    return Exact.of(this.numerator * other.denominator + other.numerator * this.denominator, this.denominator * other.denominator);
  }

  minus(other: Exact): Exact {
    return this.plus(Exact.of(-other.numerator, other.denominator));
  }

  times(other: Exact): Exact {
    return Exact.of(this.numerator * other.numerator, this.denominator * other.denominator);
  }

  dividedBy(other: Exact): Exact {
    return Exact.of(this.numerator * other.denominator, this.denominator * other.numerator);
  }

  compare(other: Exact): number {
    const difference = this.numerator * other.denominator - other.numerator * this.denominator;
    return difference === 0n ? 0 : difference < 0n ? -1 : 1;
  }

  equals(other: Exact): boolean {
    return this.compare(other) === 0;
  }

  isZero(): boolean {
    return this.numerator === 0n;
  }

  /** Rounded half away from zero to `decimals` places, as a decimal string: 95.8333… → "95.83", 92 → "92.00". */
  toFixed(decimals: number): string {
    const scale = 10n ** BigInt(decimals);
    const negative = this.numerator < 0n;
    const magnitude = negative ? -this.numerator : this.numerator;
    const rounded = (magnitude * scale * 2n + this.denominator) / (this.denominator * 2n);
    const whole = (rounded / scale).toString();
    const fraction = decimals > 0 ? `.${(rounded % scale).toString().padStart(decimals, '0')}` : '';
    return `${negative && rounded !== 0n ? '-' : ''}${whole}${fraction}`;
  }

  /** Rounded to `decimals` places, then the nearest JS number: what JSON output carries. */
  toNumber(decimals: number): number {
    return Number(this.toFixed(decimals));
  }

  /** Rounded to the precision `printed` was printed with: how a published figure is compared. */
  roundedLike(printed: number): Exact {
    return Exact.fromNumber(Number(this.toFixed(decimalsOf(printed))));
  }
}

/** How many decimals a number prints with: 87.5 → 1, 9502984 → 0. */
export function decimalsOf(value: number): number {
  const match = /\.(\d+)$/.exec(String(value));
  return match?.[1]?.length ?? 0;
}
