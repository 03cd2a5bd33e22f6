import type { LedgerScorecardsAnswer } from '@govmetrics/contracts';
import type { AggregateReader } from '@govmetrics/scoring';
import { scoreCatalog } from '@govmetrics/scoring';
import type { LedgerEntry } from '../ledger';
import type { CatalogQuery } from './catalog-in-force';
import { catalogInForce } from './catalog-in-force';

/** A scorecard report and the ledger's catalog version it was scored under: the answer of `GET /v1/scorecards`. */
export type LedgerScoreReport = LedgerScorecardsAnswer;

/** The day scored (usage up to its end, the catalog in force on it), as the ledger stood when, for which catalog. */
export type LedgerScoreQuery = CatalogQuery;

/**
 * Scores the catalog and attested values the ledger held for `day` (as known at `knownAt`) against `reader`: what
 * `score --ledger` prints and `GET /v1/scorecards` answers. Fails with `CATALOG_NOT_IN_LEDGER` when no such catalog
 * is in force that day.
 */
export async function scoreFromLedger(entries: readonly LedgerEntry[], reader: AggregateReader, query: LedgerScoreQuery): Promise<LedgerScoreReport> {
  const { catalog, attestations, version } = catalogInForce(entries, query);
  return { ...(await scoreCatalog(catalog, { reader, attestations }, query.day)), catalogVersion: version };
}
