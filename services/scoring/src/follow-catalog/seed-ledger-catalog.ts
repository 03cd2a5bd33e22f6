import type { Attestation, KpiCatalog } from '@govmetrics/contracts';
import type { Ledger } from '@govmetrics/ledger';
import { importCatalog } from '@govmetrics/ledger';
import { LedgerCatalogFollower } from './ledger-catalog.follower';

/**
 * The ledger's catalog of the file's id, seeded from the file (and its attested values) only when the ledger holds
 * no such catalog: once seeded, the ledger is the source of truth and edits to the file change nothing
 * (`catalog-import` records them, with who and why).
 */
export async function seedLedgerCatalog(
  ledger: Ledger,
  file: { catalog: KpiCatalog; attestations: readonly Attestation[]; path: string },
  actor: string,
  log: (line: string) => void,
): Promise<LedgerCatalogFollower> {
  const follower = await LedgerCatalogFollower.load(ledger, file.catalog.id);
  if (follower.defined) {
    log(`catalog ${file.catalog.id}: scoring the ledger's catalog (${file.path} is not read again; record changes with catalog-import or revise-target)`);
    return follower;
  }
  const recorded = await importCatalog(ledger, file.catalog, file.attestations, {
    who: actor,
    why: `seeded from ${file.path}: the ledger held no catalog ${file.catalog.id}`,
  });
  log(`catalog ${file.catalog.id}: the ledger held none; seeded it from ${file.path} (${recorded} events)`);
  return LedgerCatalogFollower.load(ledger, file.catalog.id);
}
