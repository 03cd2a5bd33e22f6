import type { LedgerEntry } from '../ledger';
import { LedgerError } from '../ledger.errors';

/** The catalog an auditor asks about: the one named, else the only catalog the ledger holds. */
export function catalogIdOf(entries: readonly LedgerEntry[], named: string | undefined): string {
  if (named) return named;
  const ids = [...new Set(entries.flatMap((entry) => (entry.type === 'CatalogDefined' ? [entry.data.catalogId] : [])))];
  if (ids.length === 1) return ids[0]!;
  if (ids.length === 0) throw new LedgerError('CATALOG_NOT_IN_LEDGER', 'the ledger holds no catalog: import one first (catalog-import)');
  throw new LedgerError('CATALOG_AMBIGUOUS', `the ledger holds several catalogs (${ids.join(', ')}): name one`);
}
