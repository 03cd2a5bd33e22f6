import { catalogAsOf } from './catalog-as-of';
import { catalogFromLedger } from './catalog-from-ledger';
import { catalogFacts } from './catalog-import';
import type { LedgerEntry } from './ledger';
import { LedgerError } from './ledger.errors';
import { fy2564, recordedEntries as recorded } from './testing/ledger-fixtures';

const { catalog, attestations } = fy2564;
const importer = { who: 'steward@dga.or.th', why: 'FY2564 catalog adopted' };

describe(catalogFromLedger.name, () => {
  const imported = recorded(catalogFacts(catalog, attestations, importer), '2026-01-05T03:00:00.000Z');

  it('rebuilds from the ledger exactly the catalog and attested values that were imported, years after their period', () => {
    const rebuilt = catalogFromLedger(catalogAsOf(imported, { day: '2021-09-30' }), 'dga-fy2564');
    expect(rebuilt.catalog).toEqual(catalog);
    expect(rebuilt.attestations).toEqual(
      expect.arrayContaining(attestations.map((a) => ({ ...a, value: typeof a.value === 'boolean' ? Number(a.value) : a.value }))),
    );
    expect(rebuilt.attestations).toHaveLength(new Set(attestations.map((a) => `${a.id}/${a.effective}`)).size);
    expect(rebuilt.version).toMatchObject({
      catalogId: 'dga-fy2564',
      day: '2021-09-30',
      events: expect.any(Number),
      digest: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('puts a revised target in force from its effective day, for a multi-target indicator one measure at a time, and changes the digest', () => {
    const revision: LedgerEntry = {
      ...imported[0]!,
      type: 'TargetRevised',
      data: { catalogId: 'dga-fy2564', indicatorId: 'A2', period: 'FY2564', target: { 'A2.platforms': 3, 'A2.agencies': 6 }, effective: '2021-10-15' },
      stream: 'kpi:dga-fy2564:A2',
      position: 10_000n,
      metadata: { who: 'director@dga.or.th', why: 'board raised the bar', when: '2026-02-01T00:00:00.000Z', prevHash: '0'.repeat(64), hash: '0'.repeat(64) },
    };
    const before = catalogFromLedger(catalogAsOf([...imported, revision], { day: '2021-09-30' }), 'dga-fy2564');
    const after = catalogFromLedger(catalogAsOf([...imported, revision], { day: '2021-10-15' }), 'dga-fy2564');
    const a2 = (c: typeof catalog) => c.scorecards[0]!.children.find((child) => child.id === 'A2') as { measures: { id: string; target?: unknown }[] };
    expect(a2(before.catalog).measures.map((m) => m.target)).toEqual([2, 6]);
    expect(a2(after.catalog).measures.map((m) => m.target)).toEqual([3, 6]);
    expect(after.version.lastChange).toMatchObject({ stream: 'kpi:dga-fy2564:A2', who: 'director@dga.or.th', why: 'board raised the bar' });
    expect(after.version.digest).not.toBe(before.version.digest);
  });

  it('fails naming the catalog when the ledger does not hold it on that day', () => {
    expect(() => catalogFromLedger(catalogAsOf(imported, { day: '2020-09-30' }), 'dga-fy2564')).toThrow(LedgerError);
    expect(() => catalogFromLedger(catalogAsOf(imported, { day: '2021-09-30' }), 'dga-fy2563')).toThrow(/no catalog "dga-fy2563".*holds dga-fy2564/);
  });

  it('rejects a target the catalog rules do not allow, naming the indicator', () => {
    const bad = recorded(catalogFacts(catalog, [], importer), '2026-01-05T03:00:00.000Z').map((e) =>
      e.type === 'TargetRevised' && e.data.indicatorId === 'A1' ? { ...e, data: { ...e.data, target: 'lots' } } : e,
    );
    expect(() => catalogFromLedger(catalogAsOf(bad, { day: '2021-09-30' }), 'dga-fy2564')).toThrow(/not a valid catalog: scorecards\.0\.children\.0: /);
  });
});
