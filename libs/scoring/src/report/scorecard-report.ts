import type { Attestation, KpiCatalog, ScoringMethod } from '@govmetrics/contracts';
import type { Exact } from '../exact/exact';
import type { EvaluatedComposite, EvaluatedMeasure, EvaluatedNode } from '../evaluate/evaluated';
import type { DayRange } from '../periods/period';
import type { Finding } from '../reconcile/finding';

/** Scores carry 2 decimals; actuals and targets up to 4 (ratios such as 252 / 273). */
const SCORE_DECIMALS = 2;
const VALUE_DECIMALS = 4;

export interface MeasureReport {
  id: string;
  name?: string;
  actual: number | null;
  target: number | null;
  unit?: string;
  method: ScoringMethod;
  score: number;
  /** No event in the period and no attestation by the as-of day: the measure earns 0. */
  missing: boolean;
  period: DayRange | null;
  parts?: { label: string; value: number | null; published?: number }[];
  attestation?: Pick<Attestation, 'by' | 'why' | 'evidence' | 'effective'>;
  published?: { actual?: number };
}

export interface IndicatorReport {
  kind: 'indicator';
  id: string;
  name: string;
  weight?: number;
  combine?: 'all-of' | 'mean-of';
  score: number;
  missing: boolean;
  published?: { score?: number };
  measures: MeasureReport[];
}

export interface CompositeReport {
  kind: 'composite';
  id: string;
  name: string;
  weight?: number;
  aggregation: 'mean' | 'weighted';
  score: number;
  missing: boolean;
  published?: { score?: number };
  children: (CompositeReport | IndicatorReport)[];
}

export interface ScorecardReport {
  catalog: { id: string; name: string };
  asOf: string;
  scorecards: CompositeReport[];
  findings: Finding[];
}

const value = (exact: Exact | null) => (exact === null ? null : exact.toNumber(VALUE_DECIMALS));

function measureReport(measure: EvaluatedMeasure): MeasureReport {
  const { spec, attestation, parts } = measure;
  return {
    id: spec.id,
    ...(spec.name === undefined ? {} : { name: spec.name }),
    actual: value(measure.actual),
    target: value(measure.target),
    ...(spec.unit === undefined ? {} : { unit: spec.unit }),
    method: spec.method,
    score: measure.score.toNumber(SCORE_DECIMALS),
    missing: measure.actual === null,
    period: measure.period,
    ...(parts ? { parts: parts.map((part) => ({ label: part.label, value: value(part.value), ...(part.published === undefined ? {} : { published: part.published }) })) } : {}),
    ...(attestation ? { attestation: { by: attestation.by, why: attestation.why, evidence: attestation.evidence, effective: attestation.effective } } : {}),
    ...(spec.published?.actual === undefined ? {} : { published: { actual: spec.published.actual } }),
  };
}

function nodeReport(node: EvaluatedNode): CompositeReport | IndicatorReport {
  const { id, name, weight, published } = node.spec;
  const common = {
    id,
    name,
    ...(weight === undefined ? {} : { weight }),
    score: node.score.toNumber(SCORE_DECIMALS),
    missing: node.missing,
    ...(published?.score === undefined ? {} : { published: { score: published.score } }),
  };
  if (node.kind === 'composite') return { kind: 'composite', ...common, aggregation: node.spec.aggregation, children: node.children.map(nodeReport) };
  const combine = 'combine' in node.spec ? { combine: node.spec.combine } : {};
  return { kind: 'indicator', ...common, ...combine, measures: node.measures.map(measureReport) };
}

export function toReport(catalog: KpiCatalog, asOf: string, scorecards: readonly EvaluatedComposite[], findings: Finding[]): ScorecardReport {
  return {
    catalog: { id: catalog.id, name: catalog.name },
    asOf,
    scorecards: scorecards.map((scorecard) => nodeReport(scorecard) as CompositeReport),
    findings,
  };
}
