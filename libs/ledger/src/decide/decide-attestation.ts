import type { KpiCatalog, ValueAttested } from '@govmetrics/contracts';
import { indicatorsOf } from '@govmetrics/scoring';
import { LedgerError } from '../ledger.errors';
import { ledgerStreams } from '../ledger-streams';
import type { Decision } from './decision';

/** A value a person vouches for, counting from `effective`, with where the evidence is (and its file's digest). */
export interface AttestValue {
  catalogId: string;
  attestedId: string;
  value: number;
  effective: string;
  unit?: string;
  evidence: ValueAttested['evidence'];
}

type ValueAttestedEvent = { type: 'ValueAttested'; data: ValueAttested };

/** The attested ids a catalog's measures read. */
export const attestedIds = (catalog: KpiCatalog): Set<string> =>
  new Set(
    indicatorsOf(catalog).flatMap(({ indicator }) =>
      ('measures' in indicator ? indicator.measures : [indicator]).flatMap((measure) => ('attested' in measure.actual ? [measure.actual.attested.id] : [])),
    ),
  );

/**
 * The `ValueAttested` an attestation records, given `inForce`, the catalog the ledger holds on its effective day;
 * refused when that catalog scores no such attested value (a typo would otherwise be recorded and never read).
 */
export function decideAttestation(command: AttestValue, inForce: KpiCatalog): Decision<ValueAttestedEvent> {
  const { catalogId, attestedId, effective } = command;
  const known = attestedIds(inForce);
  if (!known.has(attestedId)) {
    const message = `catalog ${catalogId} scores no attested value "${attestedId}" on ${effective}; it reads: ${[...known].sort().join(', ')}`;
    return { ok: false, error: new LedgerError('ATTESTED_VALUE_NOT_SCORED', message) };
  }
  const data: ValueAttested = {
    catalogId,
    indicatorId: attestedId,
    period: effective,
    value: command.value,
    ...(command.unit ? { unit: command.unit } : {}),
    evidence: command.evidence,
  };
  return { ok: true, stream: ledgerStreams.indicator(catalogId, attestedId), event: { type: 'ValueAttested', data } };
}
