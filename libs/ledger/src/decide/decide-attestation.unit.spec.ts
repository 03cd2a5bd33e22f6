import { LedgerEventSchema } from '@govmetrics/contracts';
import { fy2564 } from '../testing/ledger-fixtures';
import type { AttestValue } from './decide-attestation';
import { attestedIds, decideAttestation } from './decide-attestation';

const inForce = fy2564.catalog;
const attest = (command: Partial<AttestValue>): AttestValue => ({
  catalogId: 'dga-fy2564',
  attestedId: 'innovation-platforms',
  value: 5,
  effective: '2022-09-30',
  evidence: { reference: 'DGA annual report FY2565', sha256: 'a'.repeat(64) },
  ...command,
});

describe(decideAttestation.name, () => {
  it('given an attested value the catalog scores, when it is attested, then one ValueAttested keyed by its effective day, with its evidence and unit', () => {
    const decision = decideAttestation(attest({ unit: 'platforms' }), inForce);
    expect(decision).toEqual({
      ok: true,
      stream: 'kpi:dga-fy2564:innovation-platforms',
      event: {
        type: 'ValueAttested',
        data: {
          catalogId: 'dga-fy2564',
          indicatorId: 'innovation-platforms',
          period: '2022-09-30',
          value: 5,
          unit: 'platforms',
          evidence: { reference: 'DGA annual report FY2565', sha256: 'a'.repeat(64) },
        },
      },
    });
    expect(decision.ok && LedgerEventSchema.safeParse(decision.event).success).toBe(true);
  });

  it('given an id the catalog does not score, then it is refused listing the ids it does read', () => {
    const decision = decideAttestation(attest({ attestedId: 'innovation-platform' }), inForce);
    expect(decision.ok).toBe(false);
    expect(!decision.ok && decision.error.code).toBe('ATTESTED_VALUE_NOT_SCORED');
    expect(!decision.ok && decision.error.message).toMatch(
      /^catalog dga-fy2564 scores no attested value "innovation-platform" on 2022-09-30; it reads: .*innovation-platforms/,
    );
  });
});

describe(attestedIds.name, () => {
  it('collects the attested ids of single measures and of measures inside multi-target indicators, once each', () => {
    const ids = attestedIds(inForce);
    expect(ids.has('innovation-platforms')).toBe(true);
    expect(ids.has('open-data-domains')).toBe(true);
    expect(ids.has('A1')).toBe(false);
  });
});
