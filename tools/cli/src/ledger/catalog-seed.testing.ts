import { openLedgerStore } from '@govmetrics/event-store-adapters';
import { importCatalog, Ledger } from '@govmetrics/ledger';
import { parseAttestations, parseCatalog } from '@govmetrics/scoring';
import { existsSync, readFileSync } from 'node:fs';

/**
 * Tests of the auditors' commands: a ledger holding a catalog file (and its attested values beside it), recorded
 * straight through the library as `who` would have been by the gateway, since stewards' writes need a running gateway.
 */
export async function seedCatalog(ledgerUrl: string, catalogFile: string, who = 'steward@dga.or.th', why = 'FY2564 catalog adopted'): Promise<number> {
  const catalog = parseCatalog(readFileSync(catalogFile, 'utf8'), catalogFile);
  const attestedFile = catalogFile.replace(/\.ya?ml$/, '.attested.yaml');
  const attested = existsSync(attestedFile) ? parseAttestations(readFileSync(attestedFile, 'utf8'), attestedFile).attestations : [];
  const store = await openLedgerStore(ledgerUrl);
  try {
    return await importCatalog(new Ledger(store), catalog, attested, { who, why });
  } finally {
    await store.close();
  }
}
