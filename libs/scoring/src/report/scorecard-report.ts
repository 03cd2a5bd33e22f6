import type { CompositeReport, Finding, IndicatorReport, KpiCatalog, MeasureReport, ScorecardReport } from '@govmetrics/contracts';
import type { Exact } from '../exact/exact';
import type { EvaluatedComposite, EvaluatedMeasure, EvaluatedNode } from '../evaluate/evaluated';

/** The report's shapes are the published contract's (`ScorecardReportSchema`); re-exported for the scoring API's callers. */
export type { CompositeReport, IndicatorReport, MeasureReport, ScorecardReport };

/** Scores carry 2 decimals; actuals and targets up to 4 (ratios such as 252 / 273). */
const SCORE_DECIMALS = 2;
const VALUE_DECIMALS = 4;

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
    ...(parts
      ? {
          parts: parts.map((part) => ({ label: part.label, value: value(part.value), ...(part.published === undefined ? {} : { published: part.published }) })),
        }
      : {}),
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
