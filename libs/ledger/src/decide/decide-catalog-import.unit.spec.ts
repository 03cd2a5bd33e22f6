import { catalogFacts } from '../catalog-import';
import { fy2564, recordedEntries as recorded } from '../testing/ledger-fixtures';
import { decideCatalogImport, factsToRecord } from './decide-catalog-import';

const { catalog, attestations } = fy2564;
const importer = { who: 'scoring-service', why: 'catalogs/dga-fy2564.yaml imported' };
const facts = catalogFacts(catalog, attestations, importer);
const a1 = facts.filter((fact) => fact.stream === 'kpi:dga-fy2564:A1');

describe(factsToRecord.name, () => {
  it('records everything in an empty stream and nothing in a stream that already says it', () => {
    expect(factsToRecord(a1, [])).toEqual(a1);
    expect(factsToRecord(a1, recorded(a1))).toEqual([]);
  });

  it('records a target stated again for the same effective day once, and a target from another effective day anew', () => {
    const later = catalogFacts(catalog, attestations, importer, '2021-10-15').filter((fact) => fact.stream === 'kpi:dga-fy2564:A1');
    expect(factsToRecord(a1, recorded([...a1, ...later]))).toEqual([]);
    expect(factsToRecord(later, recorded(a1)).map((fact) => fact.event.type)).toEqual(['KpiDefined', 'TargetRevised']);
  });

  it('records only the revised target when the definition is unchanged', () => {
    const revised = a1.map((fact) =>
      fact.event.type === 'TargetRevised' ? { ...fact, event: { ...fact.event, data: { ...fact.event.data, target: 6_000_000 } } } : fact,
    );
    expect(factsToRecord(revised, recorded(a1)).map((fact) => fact.event)).toEqual([
      expect.objectContaining({ type: 'TargetRevised', data: expect.objectContaining({ target: 6_000_000 }) }),
    ]);
  });
});

describe(decideCatalogImport.name, () => {
  it('given an empty stream, when the catalog is imported, then one append of everything the importer states', () => {
    expect(decideCatalogImport(a1, [])).toEqual([{ stream: 'kpi:dga-fy2564:A1', events: a1.map((fact) => fact.event), context: importer }]);
  });

  it('given a stream that already says it all, when the same catalog is imported again, then nothing is appended', () => {
    expect(decideCatalogImport(a1, recorded(a1))).toEqual([]);
  });

  it('given facts stated by different people, then one append per run of the same who and why, in order', () => {
    const platforms = facts.filter((fact) => fact.stream === 'kpi:dga-fy2564:innovation-platforms');
    const stated = [...platforms, { ...platforms[0]!, context: { who: 'auditor@dga.or.th', why: 'recount' }, event: { ...platforms[0]!.event } }];
    const appends = decideCatalogImport(stated, []);
    expect(appends.map((append) => [append.context.who, append.events.length])).toEqual([
      [platforms[0]!.context.who, platforms.length],
      ['auditor@dga.or.th', 1],
    ]);
  });
});
