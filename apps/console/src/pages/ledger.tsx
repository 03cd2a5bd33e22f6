import type { LedgerHistoryAnswer, LedgerVerificationAnswer } from '@govmetrics/contracts';
import { useEffect, useState } from 'preact/hooks';
import { getJson } from '../api';
import { formatNumber } from '../format';
import { useMessages } from '../i18n';
import { LedgerChangesTable } from './ledger-changes-table';

/** The auditor's ledger: who changed what, when, from which day and why; the hash chains verified, with the signed heads. */
export function LedgerPage() {
  const t = useMessages();
  const [history, setHistory] = useState<LedgerHistoryAnswer>();
  const [verification, setVerification] = useState<LedgerVerificationAnswer>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    const fail = (failure: Error) => setError(failure.message);
    getJson<LedgerHistoryAnswer>('/v1/ledger/history').then(setHistory).catch(fail);
    getJson<LedgerVerificationAnswer>('/v1/ledger/verify').then(setVerification).catch(fail);
  }, []);
  return (
    <section id="ledger">
      {error && <p class="error">{error}</p>}
      {verification && <Verification answer={verification} />}
      <h2>{t.history}</h2>
      {history && <LedgerChangesTable id="history" changes={history.changes} />}
    </section>
  );
}

function Verification({ answer }: { answer: LedgerVerificationAnswer }) {
  const t = useMessages();
  return (
    <div class="panel" id="verification" data-ok={String(answer.ok)}>
      <h2>
        {t.verify}: <span class={answer.ok ? 'ok' : 'error'}>{answer.ok ? t.verified : t.broken}</span> ({formatNumber(answer.checked)} {t.checked})
      </h2>
      {!answer.ok && (
        <p class="error">
          {t.firstBreak}: {answer.firstBreak.stream}@{answer.firstBreak.revision} — {answer.firstBreak.message}
        </p>
      )}
      {answer.ok && (
        <details>
          <summary>
            {t.heads} ({answer.heads.length})
          </summary>
          <table>
            <tbody>
              {answer.heads.map((head) => (
                <tr key={head.stream}>
                  <td>{head.stream}</td>
                  <td>{head.revision}</td>
                  <td class="mono">{head.hash.slice(0, 16)}…</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
      {answer.signedHeads && (
        <details open>
          <summary>{t.signedHeads}</summary>
          <pre>{JSON.stringify(answer.signedHeads, null, 2)}</pre>
        </details>
      )}
    </div>
  );
}
