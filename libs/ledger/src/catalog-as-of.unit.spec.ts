import type { LedgerEvent } from '@govmetrics/contracts';
import type { LedgerEntry } from './ledger';
import { catalogAsOf, periodKey } from './catalog-as-of';

let position = 0n;
const entry = (when: string, event: LedgerEvent, who = 'planner@dga.or.th'): LedgerEntry =>
  ({
    ...event,
    stream: 'kpi:dga-fy2564:gdx-api-calls',
    revision: position,
    position: position++,
    recordedAt: new Date(when),
    metadata: { who, why: 'board resolution', when, prevHash: '0'.repeat(64), hash: '1'.repeat(64) },
  });

const target = (value: number): LedgerEvent => ({ type: 'TargetRevised', data: { catalogId: 'dga-fy2564', indicatorId: 'gdx-api-calls', period: 'FY2564', target: value } });
const attested = (value: number): LedgerEvent => ({
  type: 'ValueAttested',
  data: { catalogId: 'dga-fy2564', indicatorId: 'gdx-api-calls', period: 'FY2564', value, evidence: { reference: 'DGA-2564/123' } },
});

describe(catalogAsOf.name, () => {
  const history = [
    entry('2020-10-01T02:00:00.000Z', { type: 'KpiDefined', data: { catalogId: 'dga-fy2564', indicatorId: 'gdx-api-calls', name: 'GDX API calls', definition: { unit: 'calls' } } }),
    entry('2020-10-01T03:00:00.000Z', target(50_000_000)),
    entry('2021-03-15T03:00:00.000Z', target(60_000_000), 'director@dga.or.th'),
    entry('2021-10-05T03:00:00.000Z', attested(63_300_000), 'auditor@dga.or.th'),
  ];
  const key = periodKey('dga-fy2564', 'gdx-api-calls', 'FY2564');

  it('given a target revised mid-year, holds the target in force at each date', () => {
    expect(catalogAsOf(history, new Date('2021-01-01T00:00:00Z')).targets[key]?.value.target).toBe(50_000_000);
    expect(catalogAsOf(history, new Date('2021-09-30T16:59:59.999Z')).targets[key]).toMatchObject({ value: { target: 60_000_000 }, who: 'director@dga.or.th' });
  });

  it('knows nothing recorded after the instant, however the events are ordered', () => {
    const early = catalogAsOf([...history].reverse(), new Date('2020-10-01T02:30:00Z'));
    expect(Object.keys(early.definitions)).toEqual(['dga-fy2564/gdx-api-calls']);
    expect(early.targets).toEqual({});
    expect(catalogAsOf(history, new Date('2021-09-30T16:59:59.999Z')).attestations).toEqual({});
    expect(catalogAsOf(history, new Date('2021-10-31T00:00:00Z')).attestations[key]).toMatchObject({ value: { value: 63_300_000 }, who: 'auditor@dga.or.th' });
  });

  it('breaks a tie in recording time by position: the later write wins', () => {
    const at = '2021-05-01T00:00:00.000Z';
    expect(catalogAsOf([entry(at, target(1)), entry(at, target(2))], new Date(at)).targets[key]?.value.target).toBe(2);
  });
});
