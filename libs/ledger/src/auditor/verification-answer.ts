import type { LedgerVerificationAnswer, SignedHeadsCheck } from '@govmetrics/contracts';
import type { LedgerVerification } from '../verify-ledger';

/** A verification as JSON: 64-bit revisions and positions as decimal strings (`ledger verify --json`, `GET /v1/ledger/verify`). */
export function verificationAnswer(verdict: LedgerVerification, signedHeads?: SignedHeadsCheck): LedgerVerificationAnswer {
  const against = signedHeads === undefined ? {} : { signedHeads };
  if (verdict.ok) return { ok: true, checked: verdict.checked, heads: verdict.heads.map((head) => ({ ...head, revision: String(head.revision) })), ...against };
  const { firstBreak } = verdict;
  return {
    ok: false,
    checked: verdict.checked,
    firstBreak: { ...firstBreak, revision: String(firstBreak.revision), position: firstBreak.position === null ? null : String(firstBreak.position) },
    ...against,
  };
}
