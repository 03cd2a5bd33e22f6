import type { CatalogChange } from '@govmetrics/contracts';
import { useMessages } from '../i18n';
import type { MovingChange } from './compare-scorecards';

/**
 * Ledger changes with who, when, from which day and why: the ledger page's history and the compare view's changes
 * between two points (which also say why each is listed). Rows carry `data-stream` (and `data-because`) for selection.
 */
export function LedgerChangesTable({ id, changes }: { id: string; changes: readonly (CatalogChange | MovingChange)[] }) {
  const t = useMessages();
  return (
    <table id={id}>
      <thead>
        <tr>
          <th>{t.change}</th>
          <th>{t.who}</th>
          <th>{t.when}</th>
          <th>{t.effective}</th>
          <th>{t.why}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((change) => {
          const because = 'because' in change ? change.because : undefined;
          return (
            <tr key={`${change.stream}@${change.version}`} data-stream={change.stream} data-because={because}>
              <td>
                {change.type} <span class="muted">{change.stream}</span> {because && <small>{t[because]}</small>}
              </td>
              <td>{change.who}</td>
              <td>{change.when}</td>
              <td>{change.effective}</td>
              <td>{change.why}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
