import { LedgerEventSchema } from '@govmetrics/contracts';
import { fy2564 } from '../testing/ledger-fixtures';
import type { ReviseTarget } from './decide-target-revision';
import { decideTargetRevision } from './decide-target-revision';

const inForce = fy2564.catalog;
const revise = (command: Partial<ReviseTarget>): ReviseTarget => ({
  catalogId: 'dga-fy2564',
  indicatorId: 'A1',
  target: 6_000_000,
  effective: '2021-10-15',
  ...command,
});
const refusal = (command: ReviseTarget) => {
  const decision = decideTargetRevision(command, inForce);
  return decision.ok ? undefined : { code: decision.error.code, message: decision.error.message };
};

describe(decideTargetRevision.name, () => {
  it('given a one-target indicator in force, when its target is revised, then one TargetRevised for its period on its stream, valid as a ledger event', () => {
    const decision = decideTargetRevision(revise({}), inForce);
    expect(decision).toEqual({
      ok: true,
      stream: 'kpi:dga-fy2564:A1',
      event: { type: 'TargetRevised', data: { catalogId: 'dga-fy2564', indicatorId: 'A1', period: 'FY2564', target: 6_000_000, effective: '2021-10-15' } },
    });
    expect(decision.ok && LedgerEventSchema.safeParse(decision.event).success).toBe(true);
  });

  it('given a multi-target indicator, when one measure is revised, then the event carries every measure target with that one replaced', () => {
    const decision = decideTargetRevision(revise({ indicatorId: 'A2', measureId: 'A2.platforms', target: 3 }), inForce);
    expect(decision.ok && decision.event.data.target).toEqual({ 'A2.platforms': 3, 'A2.agencies': 6 });
  });

  it('given a multi-target indicator, when no measure or an unknown one is named, then it is refused naming the measures', () => {
    expect(refusal(revise({ indicatorId: 'A2', target: 3 }))).toEqual({
      code: 'MEASURE_MISMATCH',
      message: 'indicator A2 has several targets (A2.platforms, A2.agencies): name one with --measure',
    });
    expect(refusal(revise({ indicatorId: 'A2', measureId: 'A2.nope', target: 3 }))?.message).toBe('indicator A2 has no measure "A2.nope"');
  });

  it('given a one-target indicator, when a measure is named, then it is refused', () => {
    expect(refusal(revise({ measureId: 'A1.x' }))).toEqual({ code: 'MEASURE_MISMATCH', message: 'indicator A1 has one target: leave out --measure' });
  });

  it('given an indicator the catalog does not place, then it is refused naming the catalog and the day', () => {
    expect(refusal(revise({ indicatorId: 'A99' }))).toEqual({
      code: 'INDICATOR_NOT_IN_CATALOG',
      message: 'indicator "A99" is not in catalog dga-fy2564 on 2021-10-15',
    });
  });

  it('given a target the catalog rules reject, then it is refused naming where in the catalog', () => {
    const refused = refusal(revise({ indicatorId: 'A2', measureId: 'A2.platforms', target: 'three' }));
    expect(refused?.code).toBe('INVALID_REVISION');
    expect(refused?.message).toMatch(/^catalog "dga-fy2564" as the ledger holds it on 2021-10-15 is not a valid catalog: scorecards\.0\.children\.1: /);
  });
});
