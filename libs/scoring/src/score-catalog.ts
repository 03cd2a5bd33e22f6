import type { KpiCatalog } from '@govmetrics/contracts';
import { isBangkokDay } from '@govmetrics/contracts';
import type { ScoringSources } from './evaluate/evaluate-catalog';
import { evaluateCatalog } from './evaluate/evaluate-catalog';
import { reconcile } from './reconcile/reconcile';
import type { ScorecardReport } from './report/scorecard-report';
import { toReport } from './report/scorecard-report';

/**
 * Scores every scorecard of a catalog as of a Bangkok day (events and attestations up to and including that day)
 * and reconciles the published figures. Pure apart from the reads through `sources.reader`.
 */
export async function scoreCatalog(catalog: KpiCatalog, sources: ScoringSources, asOf: string): Promise<ScorecardReport> {
  if (!isBangkokDay(asOf)) throw new RangeError(`as-of must be a day, YYYY-MM-DD; got "${asOf}"`);
  const scorecards = await evaluateCatalog(catalog, sources, asOf);
  return toReport(catalog, asOf, scorecards, reconcile(scorecards));
}
