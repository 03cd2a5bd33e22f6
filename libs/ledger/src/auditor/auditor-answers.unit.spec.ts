import { CatalogChangeSchema, LedgerScorecardsAnswerSchema } from '@govmetrics/contracts';
import { InMemoryAggregateReader } from '@govmetrics/scoring';
import { isCatalogEntry } from '../catalog-as-of';
import { catalogFacts } from '../catalog-import';
import { fy2564, recordedEntries } from '../testing/ledger-fixtures';
import { catalogChange } from './catalog-history';
import { scoreFromLedger } from './score-from-ledger';

const ledger = recordedEntries(catalogFacts(fy2564.catalog, fy2564.attestations, { who: 'steward@dga.or.th', why: 'FY2564 catalog adopted' }));

/** The auditor's answers parse with the published contract here, in the unit tier, not only once served over HTTP. */
describe('auditor answers against their contracts', () => {
  it('the scorecards answer from the ledger (every node kind, attested measures, findings with candidates) parses as LedgerScorecardsAnswer', async () => {
    const answer = await scoreFromLedger(ledger, new InMemoryAggregateReader([]), { day: '2021-09-30' });
    const parsed = LedgerScorecardsAnswerSchema.safeParse(answer);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(parsed.data).toEqual(answer);
    expect(answer.findings.some((finding) => finding.candidates !== undefined)).toBe(true);
    expect(JSON.stringify(answer.scorecards)).toContain('"attestation":');
  });

  it('every catalog change of an imported catalog parses as CatalogChange', () => {
    const changes = ledger.filter(isCatalogEntry).map(catalogChange);
    expect(changes.map((change) => CatalogChangeSchema.safeParse(change).error?.issues ?? [])).toEqual(changes.map(() => []));
  });
});
