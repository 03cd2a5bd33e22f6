import type { ScoringMethod } from '@govmetrics/contracts';
import { Exact } from '../exact/exact';

const capped = (value: Exact, cap: Exact): Exact => {
  if (value.compare(Exact.ZERO) < 0) return Exact.ZERO;
  return value.compare(cap) > 0 ? cap : value;
};

/**
 * The score of one actual against one target. A missing actual (no event, no attestation) earns nothing:
 * the caller flags it as missing so a reader can tell "no data" from "zero achieved".
 * A zero target is met by any actual (ratio) and only by a zero actual (inverse ratio): no division by zero.
 */
export function scoreMeasure(method: ScoringMethod, actual: Exact | null, target: Exact | null): Exact {
  if (actual === null) return Exact.ZERO;
  switch (method.kind) {
    case 'ratio': {
      const cap = Exact.fromNumber(method.cap);
      const goal = required(target, method.kind);
      if (goal.compare(Exact.ZERO) <= 0) return actual.compare(goal) >= 0 ? cap : Exact.ZERO;
      return capped(actual.dividedBy(goal).times(Exact.HUNDRED), cap);
    }
    case 'inverse-ratio': {
      const cap = Exact.fromNumber(method.cap);
      const goal = required(target, method.kind);
      if (actual.compare(Exact.ZERO) <= 0) return cap;
      return capped(goal.dividedBy(actual).times(Exact.HUNDRED), cap);
    }
    case 'bands': {
      const reaches = (threshold: Exact) => (method.direction === 'higher-is-better' ? actual.compare(threshold) >= 0 : actual.compare(threshold) <= 0);
      const band = method.bands.find((candidate) => reaches(Exact.fromNumber(candidate.threshold)));
      return Exact.fromNumber(band ? band.score : method.otherwise);
    }
    case 'milestone':
      return actual.compare(target ?? Exact.of(1n)) >= 0 ? Exact.HUNDRED : Exact.ZERO;
  }
}

function required(target: Exact | null, kind: string): Exact {
  if (target === null) throw new RangeError(`a ${kind} measure needs a target`);
  return target;
}
