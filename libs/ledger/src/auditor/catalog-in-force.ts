import { catalogAsOf } from '../catalog-as-of';
import type { LedgerCatalog } from '../catalog-from-ledger';
import { catalogFromLedger } from '../catalog-from-ledger';
import type { LedgerEntry } from '../ledger';
import { catalogIdOf } from './catalog-id-of';

/** Which catalog, in force on which day, as the ledger stood when. */
export interface CatalogQuery {
  /** The Bangkok day: the catalog in force on it. */
  day: string;
  /** Only what the ledger had recorded by then (default: everything read). */
  knownAt?: Date;
  /** Default: the only catalog the ledger holds. */
  catalogId?: string;
}

/**
 * The catalog and attested values the ledger held for `query.day`: what a score is computed under and what a change
 * effective that day is decided against. Fails with `CATALOG_NOT_IN_LEDGER` when no such catalog is in force.
 */
export function catalogInForce(entries: readonly LedgerEntry[], query: CatalogQuery): LedgerCatalog {
  const view = catalogAsOf(entries, { day: query.day, ...(query.knownAt ? { knownAt: query.knownAt } : {}) });
  return catalogFromLedger(view, catalogIdOf(entries, query.catalogId));
}
