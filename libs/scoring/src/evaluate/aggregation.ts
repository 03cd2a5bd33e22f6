import { Exact } from '../exact/exact';

export type AggregationRule = 'mean' | 'weighted' | 'mean-of-leaves';

export interface Weighted {
  score: Exact;
  weight?: number;
}

/** Plain mean, or Σ(weight × score) / Σ weight. */
export function aggregate(rule: 'mean' | 'weighted', children: readonly Weighted[]): Exact {
  if (rule === 'mean') return Exact.mean(children.map((child) => child.score));
  const weights = children.map((child) => {
    if (child.weight === undefined) throw new RangeError('weighted aggregation needs a weight on every child');
    return Exact.fromNumber(child.weight);
  });
  const total = Exact.sum(weights);
  return Exact.sum(children.map((child, i) => child.score.times(weights[i] ?? Exact.ZERO))).dividedBy(total);
}
