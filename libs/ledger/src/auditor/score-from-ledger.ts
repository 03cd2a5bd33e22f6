import type { LedgerScorecardsAnswer } from '@govmetrics/contracts';
import type { AggregateReader } from '@govmetrics/scoring';
import { scoreCatalog } from '@govmetrics/scoring';
import { catalogAsOf } from '../catalog-as-of';
import { catalogFromLedger } from '../catalog-from-ledger';
import type { LedgerEntry } from '../ledger';
import { catalogIdOf } from './catalog-id-of';

/** A scorecard report and the ledger's catalog version it was scored under: the answer of `GET /v1/scorecards`. */
export type LedgerScoreReport = LedgerScorecardsAnswer;

export interface LedgerScoreQuery {
  /** The Bangkok day scored: the catalog in force on it, usage up to its end. */
  day: string;
  /** Only what the ledger had recorded by then (default: everything read). */
  knownAt?: Date;
  /** Default: the only catalog the ledger holds. */
  catalogId?: string;
}

/**
 * Scores the catalog and attested values the ledger held for `day` (as known at `knownAt`) against `reader`: what
 * `score --ledger` prints and `GET /v1/scorecards` answers. Fails with `CATALOG_NOT_IN_LEDGER` when no such catalog
 * is in force that day.
 */
export async function scoreFromLedger(entries: readonly LedgerEntry[], reader: AggregateReader, query: LedgerScoreQuery): Promise<LedgerScoreReport> {
  const view = catalogAsOf(entries, { day: query.day, ...(query.knownAt ? { knownAt: query.knownAt } : {}) });
  const { catalog, attestations, version } = catalogFromLedger(view, catalogIdOf(entries, query.catalogId));
  return { ...(await scoreCatalog(catalog, { reader, attestations }, query.day)), catalogVersion: version };
}
