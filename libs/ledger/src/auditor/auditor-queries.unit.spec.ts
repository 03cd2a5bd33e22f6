import { CatalogChangeSchema, LedgerVerificationAnswerSchema } from '@govmetrics/contracts';
import type { LedgerEvent } from '@govmetrics/contracts';
import type { LedgerEntry } from '../ledger';
import { LedgerError } from '../ledger.errors';
import { catalogChange, catalogHistory } from './catalog-history';
import { catalogIdOf } from './catalog-id-of';
import { verificationAnswer } from './verification-answer';

let position = 0n;
const entry = (stream: string, revision: bigint, event: LedgerEvent, who = 'steward@dga.or.th'): LedgerEntry => ({
  ...event,
  stream,
  revision,
  position: position++,
  recordedAt: new Date('2026-01-05T03:00:00.000Z'),
  metadata: { who, why: 'FY2564 KPIs approved', when: '2026-01-05T03:00:00.000Z', prevHash: '0'.repeat(64), hash: 'a'.repeat(64) },
});
const frame = (catalogId: string) =>
  entry(`catalog:${catalogId}`, 0n, { type: 'CatalogDefined', data: { catalogId, name: catalogId, definition: {}, effective: '2020-10-01' } });
const target = (indicatorId: string, value: number, revision: bigint, effective: string, who?: string) =>
  entry(
    `kpi:dga-fy2564:${indicatorId}`,
    revision,
    { type: 'TargetRevised', data: { catalogId: 'dga-fy2564', indicatorId, period: 'FY2564', target: value, effective } },
    who,
  );

const ledger = [
  frame('dga-fy2564'),
  target('A1', 5_000_000, 0n, '2020-10-01'),
  target('A2', 20, 0n, '2020-10-01'),
  target('A1', 10_000_000, 1n, '2021-10-15', 'director@dga.or.th'),
];

const codeOf = (work: () => unknown): string | undefined => {
  try {
    work();
    return undefined;
  } catch (error) {
    return error instanceof LedgerError ? error.code : 'not a LedgerError';
  }
};

describe(catalogIdOf.name, () => {
  it('takes the catalog named, else the only one the ledger holds', () => {
    expect(catalogIdOf(ledger, 'dga-fy2563')).toBe('dga-fy2563');
    expect(catalogIdOf(ledger, undefined)).toBe('dga-fy2564');
  });

  it('refuses to guess between several catalogs, and says when there is none', () => {
    expect(codeOf(() => catalogIdOf([...ledger, frame('dga-fy2563')], undefined))).toBe('CATALOG_AMBIGUOUS');
    expect(codeOf(() => catalogIdOf([], undefined))).toBe('CATALOG_NOT_IN_LEDGER');
  });
});

describe(catalogHistory.name, () => {
  it('given an indicator, lists only its stream, in ledger order, with who, the effective day and the version', () => {
    const changes = catalogHistory(ledger, 'dga-fy2564', 'A1').map(catalogChange);
    expect(changes.map((change) => [change.version, change.effective, change.who])).toEqual([
      ['0', '2020-10-01', 'steward@dga.or.th'],
      ['1', '2021-10-15', 'director@dga.or.th'],
    ]);
    for (const change of changes) expect(CatalogChangeSchema.safeParse(change).success).toBe(true);
  });

  it('without an indicator, lists every change of the catalog and of no other', () => {
    expect(catalogHistory([...ledger, frame('dga-fy2563')], 'dga-fy2564')).toHaveLength(4);
  });

  it('says which of the catalog and the indicator the ledger does not hold, rather than answering an empty history', () => {
    expect(codeOf(() => catalogHistory(ledger, 'dga-fy2563'))).toBe('CATALOG_NOT_IN_LEDGER');
    expect(codeOf(() => catalogHistory(ledger, 'dga-fy2564', 'A9'))).toBe('INDICATOR_NOT_IN_LEDGER');
  });
});

describe(verificationAnswer.name, () => {
  it('writes 64-bit revisions and positions as decimal strings, beyond what a JSON number holds exactly', () => {
    const answer = verificationAnswer({
      ok: true,
      checked: 3,
      heads: [{ stream: 'kpi:dga-fy2564:A1', revision: 9_007_199_254_740_993n, hash: 'b'.repeat(64) }],
    });
    expect(answer).toEqual({ ok: true, checked: 3, heads: [{ stream: 'kpi:dga-fy2564:A1', revision: '9007199254740993', hash: 'b'.repeat(64) }] });
    expect(LedgerVerificationAnswerSchema.safeParse(answer).success).toBe(true);
  });

  it('keeps the first broken link whole, a missing anchored event with a null position', () => {
    const firstBreak = {
      stream: 'kpi:dga-fy2564:A1',
      revision: 2n,
      position: null,
      reason: 'anchor-mismatch' as const,
      expected: 'b'.repeat(64),
      found: 'missing',
      message: 'stream "kpi:dga-fy2564:A1" revision 2: anchor-mismatch',
    };
    const answer = verificationAnswer({ ok: false, checked: 7, firstBreak });
    expect(answer).toEqual({ ok: false, checked: 7, firstBreak: { ...firstBreak, revision: '2', position: null } });
    expect(LedgerVerificationAnswerSchema.safeParse(answer).success).toBe(true);
  });
});
