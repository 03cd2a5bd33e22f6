import type { ActualSpec, Composite, Indicator, KpiCatalog, KpiPeriod, MetricQuerySpec } from '@govmetrics/contracts';
import { measuresOf } from '../evaluate/evaluated';
import { clipAt, periodDays } from '../periods/period';
import type { MetricQuery } from '../ports/aggregate-reader.port';

/** A (platform, metric, agency, Bangkok day) bucket of the daily aggregates, as the projector announces it. */
export interface AggregateBucket {
  platform: string;
  metric: string;
  agency: string;
  day: string;
}

/** What a change to some buckets may have changed: indicator ids and the ids of the scorecards above them. */
export interface AffectedScoring {
  indicators: string[];
  scorecards: string[];
}

/**
 * Whether a query reads a bucket. A bucket carries no dimensions, so a query with dimension filters counts as
 * reading every bucket of its metric: re-reading too much is safe, missing a change is not.
 */
export function queryReadsBucket(query: MetricQuery, bucket: AggregateBucket): boolean {
  return (
    query.platform === bucket.platform &&
    query.metric === bucket.metric &&
    (query.agencies === undefined || query.agencies.includes(bucket.agency)) &&
    query.fromDay <= bucket.day &&
    bucket.day <= query.toDay
  );
}

const querySpecsOf = (actual: ActualSpec): MetricQuerySpec[] => {
  if ('query' in actual) return [actual.query];
  if ('sum' in actual) return actual.sum.map(({ label: _label, published: _published, ...query }) => query);
  if ('ratio' in actual) return [actual.ratio.numerator, actual.ratio.denominator];
  return [];
};

/** The metric queries an indicator reads as of a Bangkok day (a query whose period has not begun reads nothing). */
export function indicatorQueries(indicator: Indicator, inherited: KpiPeriod, asOf: string): MetricQuery[] {
  const period = indicator.period ?? inherited;
  return measuresOf(indicator).flatMap((measure) =>
    querySpecsOf(measure.actual).flatMap(({ period: own, ...metric }) => {
      const days = clipAt(periodDays(own ?? period), asOf);
      return days === null ? [] : [{ ...metric, ...days }];
    }),
  );
}

/**
 * The indicators whose actuals, scored as of `asOf`, read any of `buckets`, and the scorecards that contain them.
 * Attested actuals never depend on usage, so they are never affected by a bucket.
 */
export function affectedBy(catalog: KpiCatalog, buckets: readonly AggregateBucket[], asOf: string): AffectedScoring {
  const indicators: string[] = [];
  const visit = (composite: Composite, inherited: KpiPeriod): boolean => {
    const period = composite.period ?? inherited;
    let touched = false;
    for (const child of composite.children) {
      if ('children' in child) {
        touched = visit(child, period) || touched;
      } else if (indicatorQueries(child, period, asOf).some((query) => buckets.some((bucket) => queryReadsBucket(query, bucket)))) {
        indicators.push(child.id);
        touched = true;
      }
    }
    return touched;
  };
  const scorecards = catalog.scorecards.filter((scorecard) => visit(scorecard, catalog.period)).map((scorecard) => scorecard.id);
  return { indicators, scorecards };
}
