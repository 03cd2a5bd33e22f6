import type { Statistic } from '@govmetrics/contracts';

/**
 * How a statistic moves through a period: a counter only accumulates (sums, counts), a gauge takes its latest
 * level (latest, average) and may fall, a distinct count only grows but saturates as the population is met.
 */
export type MetricKind = 'counter' | 'gauge' | 'distinct';

export function kindOf(statistic: Statistic): MetricKind {
  switch (statistic) {
    case 'sum':
    case 'count':
      return 'counter';
    case 'latest':
    case 'average':
      return 'gauge';
    case 'distinct':
    case 'agencies':
      return 'distinct';
  }
}
