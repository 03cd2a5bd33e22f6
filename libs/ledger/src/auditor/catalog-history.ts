import type { CatalogChange } from '@govmetrics/contracts';
import type { CatalogEntry } from '../catalog-as-of';
import { effectiveDay, isCatalogEntry } from '../catalog-as-of';
import type { LedgerEntry } from '../ledger';
import { LedgerError } from '../ledger.errors';
import { ledgerStreams } from '../ledger-streams';

/**
 * One catalog's changes (frame, definitions, targets, attested values) in ledger order, or only one indicator's
 * stream. A catalog or indicator with no change is `CATALOG_NOT_IN_LEDGER` / `INDICATOR_NOT_IN_LEDGER`: a typo must
 * not read as "never changed".
 */
export function catalogHistory(entries: readonly LedgerEntry[], catalogId: string, indicatorId?: string): CatalogEntry[] {
  const stream = indicatorId === undefined ? undefined : ledgerStreams.indicator(catalogId, indicatorId);
  const changes = entries.filter(isCatalogEntry).filter((entry) => entry.data.catalogId === catalogId && (stream === undefined || entry.stream === stream));
  if (changes.length === 0 && !entries.some((entry) => isCatalogEntry(entry) && entry.data.catalogId === catalogId)) {
    throw new LedgerError('CATALOG_NOT_IN_LEDGER', `the ledger holds no catalog "${catalogId}"`);
  }
  if (changes.length === 0) throw new LedgerError('INDICATOR_NOT_IN_LEDGER', `the ledger holds no changes of "${indicatorId}" in catalog ${catalogId}`);
  return changes;
}

/** A change as `ledger history --json` prints it and `GET /v1/ledger/history` answers it. */
export function catalogChange(entry: CatalogEntry): CatalogChange {
  const { stream, revision, position: _position, recordedAt: _recordedAt, metadata, ...event } = entry;
  // `event` keeps `type` and `data` paired for the compiler: no cast that could hide a drift from the contract.
  return { stream, version: String(revision), ...event, effective: effectiveDay(entry), ...metadata };
}
