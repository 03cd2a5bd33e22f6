import type { LedgerEvent } from '@govmetrics/contracts';
import type { LedgerEntry } from './ledger';
import { catalogAsOf, periodKey } from './catalog-as-of';

let position = 0n;
const entry = (when: string, event: LedgerEvent, who = 'planner@dga.or.th'): LedgerEntry => ({
  ...event,
  stream: 'kpi:dga-fy2564:gdx-api-calls',
  revision: position,
  position: position++,
  recordedAt: new Date(when),
  metadata: { who, why: 'board resolution', when, prevHash: '0'.repeat(64), hash: '1'.repeat(64) },
});

const ref = { catalogId: 'dga-fy2564', indicatorId: 'gdx-api-calls' };
const target = (value: number, effective?: string): LedgerEvent => ({
  type: 'TargetRevised',
  data: { ...ref, period: 'FY2564', target: value, ...(effective ? { effective } : {}) },
});
const attested = (value: number, day: string): LedgerEvent => ({
  type: 'ValueAttested',
  data: { ...ref, period: day, value, evidence: { reference: 'DGA-2564/123' } },
});
const key = periodKey('dga-fy2564', 'gdx-api-calls', 'FY2564');
const targetOn = (entries: LedgerEntry[], day: string, knownAt?: string) =>
  catalogAsOf(entries, { day, ...(knownAt ? { knownAt: new Date(knownAt) } : {}) }).targets[key]?.value.target;

describe(catalogAsOf.name, () => {
  // Imported in 2026 for the whole of FY2564; revised in 2026 to take effect on 2021-10-15; corrected later, backdated to June.
  const imported = entry('2026-01-05T03:00:00.000Z', target(5_000_000, '2020-10-01'));
  const revised = entry('2026-02-01T03:00:00.000Z', target(6_000_000, '2021-10-15'), 'director@dga.or.th');
  const corrected = entry('2026-03-01T03:00:00.000Z', target(5_500_000, '2021-06-01'), 'auditor@dga.or.th');

  it('given a target revised to take effect later, keeps the earlier day on the old target and moves the later day', () => {
    expect(targetOn([imported, revised], '2021-09-30')).toBe(5_000_000);
    expect(targetOn([imported, revised], '2026-11-26')).toBe(6_000_000);
    expect(catalogAsOf([imported, revised], { day: '2026-11-26' }).targets[key]).toMatchObject({ who: 'director@dga.or.th', effective: '2021-10-15' });
  });

  it('applies a backdated correction only for readers who know of it, and only from its effective day', () => {
    const all = [imported, revised, corrected];
    expect(targetOn(all, '2021-09-30')).toBe(5_500_000);
    expect(targetOn(all, '2021-05-31')).toBe(5_000_000);
    expect(targetOn(all, '2026-11-26')).toBe(6_000_000);
    expect(targetOn(all, '2021-09-30', '2026-02-15T00:00:00Z')).toBe(5_000_000);
  });

  it('knows nothing recorded after knownAt nor effective after the day, however the events are ordered', () => {
    const history = [imported, revised, entry('2026-04-01T00:00:00.000Z', attested(63_300_000, '2021-09-30'))].reverse();
    expect(catalogAsOf(history, { day: '2020-09-30' }).targets).toEqual({});
    expect(catalogAsOf(history, { day: '2021-09-29' }).attestations).toEqual({});
    expect(catalogAsOf(history, { day: '2021-09-30', knownAt: new Date('2026-03-31T00:00:00Z') }).attestations).toEqual({});
    expect(Object.values(catalogAsOf(history, { day: '2021-09-30' }).attestations)).toEqual([
      expect.objectContaining({ effective: '2021-09-30', value: expect.objectContaining({ value: 63_300_000 }) }),
    ]);
  });

  it('takes an event without an effective day as effective from the Bangkok day it was recorded', () => {
    const old = entry('2021-03-15T17:30:00.000Z', target(7));
    expect(targetOn([old], '2021-03-15')).toBeUndefined();
    expect(targetOn([old], '2021-03-16')).toBe(7);
  });

  it('breaks a tie in effective day and recording time by position: the later write wins', () => {
    const at = '2026-05-01T00:00:00.000Z';
    expect(targetOn([entry(at, target(1, '2021-01-01')), entry(at, target(2, '2021-01-01'))], '2021-05-01')).toBe(2);
  });
});
