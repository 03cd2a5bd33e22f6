import { CatalogChangeSchema, LedgerScorecardsAnswerSchema } from '@govmetrics/contracts';
import { InMemoryAggregateReader, parseAttestations, parseCatalog } from '@govmetrics/scoring';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isCatalogEntry } from '../catalog-as-of';
import { catalogFacts } from '../catalog-import';
import type { LedgerEntry } from '../ledger';
import { catalogChange } from './catalog-history';
import { scoreFromLedger } from './score-from-ledger';

const catalogs = resolve(__dirname, '../../../../catalogs');
const catalog = parseCatalog(readFileSync(`${catalogs}/dga-fy2564.yaml`, 'utf8'));
const { attestations } = parseAttestations(readFileSync(`${catalogs}/dga-fy2564.attested.yaml`, 'utf8'));
const when = '2026-01-05T03:00:00.000Z';
const ledger: LedgerEntry[] = catalogFacts(catalog, attestations, { who: 'steward@dga.or.th', why: 'FY2564 catalog adopted' }).map((fact, i) => ({
  ...fact.event,
  stream: fact.stream,
  revision: BigInt(i),
  position: BigInt(i),
  recordedAt: new Date(when),
  metadata: { ...fact.context, when, prevHash: '0'.repeat(64), hash: 'a'.repeat(64) },
}));

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
