import { useState } from 'preact/hooks';
import { ApiError, postJson } from '../api';

export const ACKNOWLEDGE_ROUTE = 'POST /v1/alerts/:alert/acknowledgements';

export interface AcknowledgeWords {
  acknowledge: string;
  note: string;
  defaultReason: string;
  refused: string;
}

/**
 * Takes charge of a firing alert as the token's subject, with an optional note (the ledger keeps a reason, so an empty
 * note sends a default one). Success changes nothing here: the alerts stream brings the acknowledgement to the row.
 */
export function AcknowledgeAlert({ alertId, words }: { alertId: string; words: AcknowledgeWords }) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string>();
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setRefusal(undefined);
    try {
      await postJson(`/v1/alerts/${encodeURIComponent(alertId)}/acknowledgements`, { reason: note.trim() || words.defaultReason });
    } catch (error) {
      setRefusal(error instanceof ApiError ? `${error.status}: ${error.message}` : String(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="acknowledge" onSubmit={(event) => void submit(event)}>
      <input class="note" placeholder={words.note} aria-label={words.note} value={note} onInput={(event) => setNote(event.currentTarget.value)} />
      <button type="submit" class="acknowledge" disabled={busy}>
        {words.acknowledge}
      </button>
      {refusal && (
        <span class="error refusal">
          {words.refused}: {refusal}
        </span>
      )}
    </form>
  );
}
