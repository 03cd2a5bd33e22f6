import { LedgerEventSchema } from '@govmetrics/contracts';
import { catalogFacts } from './catalog-import';
import { fy2564 } from './testing/ledger-fixtures';

const { catalog, attestations } = fy2564;
const importer = { who: 'scoring-service', why: 'catalogs/dga-fy2564.yaml imported' };

describe(catalogFacts.name, () => {
  const facts = catalogFacts(catalog, attestations, importer);

  it(
    'states the catalog frame, every indicator definition, its target for the period from the period start, ' +
      'and every attested value, each a valid ledger event',
    () => {
      for (const fact of facts) expect(LedgerEventSchema.safeParse(fact.event).success).toBe(true);
      expect(facts[0]).toMatchObject({
        stream: 'catalog:dga-fy2564',
        event: { type: 'CatalogDefined', data: { name: catalog.name, effective: '2020-10-01' } },
      });
      const a1 = facts.filter((fact) => fact.stream === 'kpi:dga-fy2564:A1').map((fact) => fact.event);
      expect(a1).toEqual([
        expect.objectContaining({
          type: 'KpiDefined',
          data: expect.objectContaining({ indicatorId: 'A1', name: expect.any(String), effective: '2020-10-01' }),
        }),
        { type: 'TargetRevised', data: { catalogId: 'dga-fy2564', indicatorId: 'A1', period: 'FY2564', target: 5_000_000, effective: '2020-10-01' } },
      ]);
      // The target is a fact of its own: the definition does not repeat it
      expect(a1[0]?.data).not.toHaveProperty('definition.target');
      expect(facts.filter((fact) => fact.event.type === 'ValueAttested')).toHaveLength(attestations.length);
    },
  );

  it('records an attested value under the attesting person, with the evidence and the day it takes effect', () => {
    const first = facts.find((fact) => fact.event.type === 'ValueAttested' && fact.event.data.indicatorId === attestations[0]!.id)!;
    expect(first.context).toEqual({ who: attestations[0]!.by, why: attestations[0]!.why });
    expect(first.event.data).toMatchObject({ period: attestations[0]!.effective, evidence: { reference: attestations[0]!.evidence } });
  });
});
