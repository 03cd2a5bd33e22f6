import type { Attestation, Composite, Indicator, Measure } from '@govmetrics/contracts';
import type { Exact } from '../exact/exact';
import type { DayRange } from '../periods/period';

/** One actual against one target, as the catalog declares it (a single-target indicator is its own measure). */
export type MeasureSpec = Measure;

export interface EvaluatedPart {
  label: string;
  value: Exact | null;
  published?: number;
}

export interface EvaluatedMeasure {
  spec: MeasureSpec;
  /** The days counted: the measure's period clipped at the as-of day; `null` before the period began. */
  period: DayRange | null;
  actual: Exact | null;
  target: Exact | null;
  score: Exact;
  parts?: EvaluatedPart[];
  attestation?: Attestation;
}

export interface EvaluatedIndicator {
  kind: 'indicator';
  spec: Indicator;
  measures: EvaluatedMeasure[];
  score: Exact;
  /** Some measure had no data (no event in its period, no attestation by the as-of day). */
  missing: boolean;
}

export interface EvaluatedComposite {
  kind: 'composite';
  spec: Composite;
  children: EvaluatedNode[];
  score: Exact;
  /** Some indicator beneath had no data. */
  missing: boolean;
}

export type EvaluatedNode = EvaluatedIndicator | EvaluatedComposite;

/** The catalog's measures of an indicator, a single-target indicator included. */
export function measuresOf(indicator: Indicator): MeasureSpec[] {
  if ('measures' in indicator) return indicator.measures;
  const { id, name, actual, target, unit, method, published } = indicator;
  return [{ id, name, actual, target, unit, method, ...(published?.actual === undefined ? {} : { published: { actual: published.actual } }) }];
}
