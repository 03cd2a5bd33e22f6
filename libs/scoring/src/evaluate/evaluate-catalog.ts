import type { ActualSpec, Attestation, Composite, Indicator, KpiCatalog, KpiPeriod, MetricQuerySpec } from '@govmetrics/contracts';
import { Exact } from '../exact/exact';
import { scoreMeasure } from '../methods/scoring-method';
import type { DayRange } from '../periods/period';
import { clipAt, contains, periodDays } from '../periods/period';
import type { AggregateReader } from '../ports/aggregate-reader.port';
import { aggregate } from './aggregation';
import type { EvaluatedComposite, EvaluatedIndicator, EvaluatedMeasure, EvaluatedNode, EvaluatedPart, MeasureSpec } from './evaluated';
import { measuresOf } from './evaluated';

export interface ScoringSources {
  reader: AggregateReader;
  attestations: readonly Attestation[];
}

interface Context extends ScoringSources {
  asOf: string;
}

/** Every scorecard of the catalog as of a Bangkok day: only events and attestations up to that day count. */
export async function evaluateCatalog(catalog: KpiCatalog, sources: ScoringSources, asOf: string): Promise<EvaluatedComposite[]> {
  const context: Context = { ...sources, asOf };
  return Promise.all(catalog.scorecards.map((scorecard) => evaluateComposite(scorecard, catalog.period, context)));
}

async function evaluateComposite(composite: Composite, inherited: KpiPeriod, context: Context): Promise<EvaluatedComposite> {
  const period = composite.period ?? inherited;
  const children: EvaluatedNode[] = await Promise.all(
    composite.children.map((child) => ('children' in child ? evaluateComposite(child, period, context) : evaluateIndicator(child, period, context))),
  );
  const score = aggregate(
    composite.aggregation,
    children.map((child) => ({ score: child.score, weight: child.spec.weight })),
  );
  return { kind: 'composite', spec: composite, children, score, missing: children.some((child) => child.missing) };
}

async function evaluateIndicator(indicator: Indicator, inherited: KpiPeriod, context: Context): Promise<EvaluatedIndicator> {
  const period = indicator.period ?? inherited;
  const measures = await Promise.all(measuresOf(indicator).map((measure) => evaluateMeasure(measure, period, context)));
  const scores = measures.map((measure) => measure.score);
  const score = 'combine' in indicator && indicator.combine === 'mean-of' ? Exact.mean(scores) : Exact.min(scores);
  return { kind: 'indicator', spec: indicator, measures, score, missing: measures.some((measure) => measure.actual === null) };
}

async function evaluateMeasure(spec: MeasureSpec, period: KpiPeriod, context: Context): Promise<EvaluatedMeasure> {
  const days = periodDays(period);
  const counted = clipAt(days, context.asOf);
  const resolved = await resolveActual(spec.actual, period, context);
  // A milestone without a target is done at 1 (an attested `true`).
  const target = targetOn(spec, context.asOf < days.toDay ? context.asOf : days.toDay) ?? (spec.method.kind === 'milestone' ? Exact.of(1n) : null);
  return {
    spec,
    period: counted,
    actual: resolved.actual,
    target,
    score: scoreMeasure(spec.method, resolved.actual, target),
    ...(resolved.parts ? { parts: resolved.parts } : {}),
    ...(resolved.attestation ? { attestation: resolved.attestation } : {}),
  };
}

interface ResolvedActual {
  actual: Exact | null;
  parts?: EvaluatedPart[];
  attestation?: Attestation;
}

async function resolveActual(spec: ActualSpec, period: KpiPeriod, context: Context): Promise<ResolvedActual> {
  if ('query' in spec) return { actual: await read(spec.query, period, context) };
  if ('sum' in spec) {
    const parts = await Promise.all(
      spec.sum.map(async ({ label, published, ...query }) => ({
        label,
        value: await read(query, period, context),
        ...(published === undefined ? {} : { published }),
      })),
    );
    const present = parts.flatMap((part) => (part.value === null ? [] : [part.value]));
    return { actual: present.length === 0 ? null : Exact.sum(present), parts };
  }
  if ('ratio' in spec) {
    const [numerator, denominator] = await Promise.all([read(spec.ratio.numerator, period, context), read(spec.ratio.denominator, period, context)]);
    if (numerator === null || denominator === null || denominator.isZero()) return { actual: null };
    return { actual: numerator.dividedBy(denominator).times(Exact.fromNumber(spec.ratio.scale)) };
  }
  const attestation = attestedOn(spec.attested.id, context);
  if (!attestation) return { actual: null };
  const value = typeof attestation.value === 'boolean' ? Exact.of(attestation.value ? 1n : 0n) : Exact.fromNumber(attestation.value);
  return { actual: value, attestation };
}

async function read(query: MetricQuerySpec, inherited: KpiPeriod, context: Context): Promise<Exact | null> {
  const days: DayRange | null = clipAt(periodDays(query.period ?? inherited), context.asOf);
  if (days === null) return null;
  const { period: _period, ...metric } = query;
  const value = await context.reader.read({ ...metric, ...days });
  return value === null ? null : Exact.fromNumber(value);
}

/** The latest attestation in effect on the as-of day; a later one (or a later entry on the same day) revises an earlier one. */
function attestedOn(id: string, context: Context): Attestation | undefined {
  let found: Attestation | undefined;
  for (const attestation of context.attestations) {
    if (attestation.id === id && attestation.effective <= context.asOf && (!found || attestation.effective >= found.effective)) found = attestation;
  }
  return found;
}

/** The target in force on a day: the one whose period contains it, else the last that began before it, else the first. */
function targetOn(spec: MeasureSpec, day: string): Exact | null {
  if (spec.target === undefined) return null;
  if (typeof spec.target === 'number') return Exact.fromNumber(spec.target);
  const entries = spec.target.map((entry) => ({ value: entry.value, days: periodDays(entry.period) }));
  const chosen = entries.find((entry) => contains(entry.days, day)) ?? entries.filter((entry) => entry.days.fromDay <= day).pop() ?? entries[0];
  return chosen ? Exact.fromNumber(chosen.value) : null;
}
