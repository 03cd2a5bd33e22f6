import type { Attestation, KpiCatalog } from '@govmetrics/contracts';
import { parseAttestations, parseCatalog } from '@govmetrics/scoring';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { StatedFact } from '../catalog-import';
import type { LedgerEntry } from '../ledger';

const catalogs = resolve(__dirname, '../../../../catalogs');

/** The FY2564 catalog and its attested values, as the files in `catalogs/` state them. */
export const fy2564: { catalog: KpiCatalog; attestations: Attestation[] } = {
  catalog: parseCatalog(readFileSync(`${catalogs}/dga-fy2564.yaml`, 'utf8')),
  attestations: parseAttestations(readFileSync(`${catalogs}/dga-fy2564.attested.yaml`, 'utf8')).attestations,
};

/** What the ledger reads back after recording `facts` at `when`, positions from `from` (chain hashes are placeholders). */
export const recordedEntries = (facts: readonly StatedFact[], when = '2026-01-05T03:00:00.000Z', from = 0): LedgerEntry[] =>
  facts.map((fact, i) => ({
    ...fact.event,
    stream: fact.stream,
    revision: BigInt(i),
    position: BigInt(from + i),
    recordedAt: new Date(when),
    metadata: { ...fact.context, when, prevHash: '0'.repeat(64), hash: '0'.repeat(64) },
  }));
