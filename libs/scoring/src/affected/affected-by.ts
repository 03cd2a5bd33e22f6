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

/** The metric queries an indicator over its (inherited) period reads as of a Bangkok day; a query period not begun reads nothing. */
export function indicatorQueries(indicator: Indicator, period: KpiPeriod, asOf: string): MetricQuery[] {
  return measuresOf(indicator).flatMap((measure) =>
    querySpecsOf(measure.actual).flatMap(({ period: own, ...metric }) => {
      const days = clipAt(periodDays(own ?? period), asOf);
      return days === null ? [] : [{ ...metric, ...days }];
    }),
  );
}

/** An indicator of a scorecard with the period it inherits. */
export interface PlacedIndicator {
  scorecardId: string;
  indicator: Indicator;
  period: KpiPeriod;
}

/** Every indicator of the catalog in document order, with its scorecard and inherited period. */
export function indicatorsOf(catalog: KpiCatalog): PlacedIndicator[] {
  const placed: PlacedIndicator[] = [];
  const visit = (scorecardId: string, composite: Composite, inherited: KpiPeriod): void => {
    const period = composite.period ?? inherited;
    for (const child of composite.children) {
      if ('children' in child) visit(scorecardId, child, period);
      else placed.push({ scorecardId, indicator: child, period: child.period ?? period });
    }
  };
  for (const scorecard of catalog.scorecards) visit(scorecard.id, scorecard, catalog.period);
  return placed;
}

/**
 * The indicators whose actuals, scored as of `asOf`, read any of `buckets`, and the scorecards that contain them.
 * Attested actuals never depend on usage, so they are never affected by a bucket.
 */
export function affectedBy(catalog: KpiCatalog, buckets: readonly AggregateBucket[], asOf: string): AffectedScoring {
  const hit = indicatorsOf(catalog).filter(({ indicator, period }) =>
    indicatorQueries(indicator, period, asOf).some((query) => buckets.some((bucket) => queryReadsBucket(query, bucket))),
  );
  return { indicators: hit.map(({ indicator }) => indicator.id), scorecards: [...new Set(hit.map(({ scorecardId }) => scorecardId))] };
}
