import type { LedgerHistoryAnswer, LedgerScorecardsAnswer } from '@govmetrics/contracts';
import { useEffect, useState } from 'preact/hooks';
import { getJson } from '../api';
import { formatScore } from '../format';
import { useMessages } from '../i18n';
import { changesBetween, type ComparedNode, compareScores, type ScorePoint } from './compare-scorecards';
import { LedgerChangesTable } from './ledger-changes-table';
import { movedUsage } from './moved-usage';
import { MovedUsageTable } from './moved-usage-table';

interface Compared {
  before: LedgerScorecardsAnswer;
  after: LedgerScorecardsAnswer;
  history: LedgerHistoryAnswer;
}

const scorecardsAt = (catalog: string, { asOf, knownAt }: ScorePoint) =>
  getJson<LedgerScorecardsAnswer>(`/v1/scorecards?${new URLSearchParams({ catalog, 'as-of': asOf, ...(knownAt ? { 'known-at': knownAt } : {}) }).toString()}`);

const label = ({ asOf, knownAt }: ScorePoint, now: string) => `${asOf} @ ${knownAt || now}`;

const delta = (before: number | null, after: number | null) =>
  before === null || after === null ? '—' : `${after - before >= 0 ? '+' : ''}${formatScore(after - before)}`;

function ScoresTable({ id, nodes, before, after }: { id: string; nodes: ComparedNode[]; before: string; after: string }) {
  const t = useMessages();
  return (
    <table id={id}>
      <thead>
        <tr>
          <th>{t.indicator}</th>
          <th class="before">{before}</th>
          <th class="after">{after}</th>
          <th>Δ</th>
        </tr>
      </thead>
      <tbody>
        {nodes.map((node) => (
          <tr key={node.key} data-node={node.id} class={node.before === node.after ? '' : 'moved'}>
            <td style={{ paddingLeft: `${node.depth * 1.25 + 0.25}rem` }}>
              {node.id} <span class="muted">{node.name}</span>
            </td>
            <td class="before">{formatScore(node.before)}</td>
            <td class="after">{formatScore(node.after)}</td>
            <td class="delta">{delta(node.before, node.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Two (as-of, known-at) points side by side: every node's score in each, the ledger changes that can explain the
 * difference, and the usage one point read and the other did not, down to its buckets and events.
 */
export function ScorecardCompare({ catalog, before, after }: { catalog: string; before: ScorePoint; after: ScorePoint }) {
  const t = useMessages();
  const [compared, setCompared] = useState<Compared>();
  const [error, setError] = useState<string>();
  const key = JSON.stringify([catalog, before, after]);
  useEffect(() => {
    setError(undefined);
    const history = getJson<LedgerHistoryAnswer>(`/v1/ledger/history?${new URLSearchParams({ catalog }).toString()}`);
    Promise.all([scorecardsAt(catalog, before), scorecardsAt(catalog, after), history])
      .then(([first, second, changes]) => setCompared({ before: first, after: second, history: changes }))
      .catch((failure: Error) => setError(failure.message));
  }, [key]);

  if (error) return <p class="error">{error}</p>;
  if (!compared) return <p class="muted">{t.loading}</p>;
  const changes = changesBetween(compared.history.changes, before, after);
  const nodes = compareScores(compared.before, compared.after);
  // The scorecards and every node that moved stay in sight; the rest fold away.
  const [moved, unchanged] = [
    nodes.filter((node) => node.depth === 0 || node.before !== node.after),
    nodes.filter((node) => node.depth > 0 && node.before === node.after),
  ];
  return (
    <div class="panel" id="compare">
      <h2>{t.compare}</h2>
      <ScoresTable id="compare-scores" nodes={moved} before={label(before, t.now)} after={label(after, t.now)} />
      {unchanged.length > 0 && (
        <details>
          <summary>
            {unchanged.length} {t.unchanged}
          </summary>
          <ScoresTable id="unchanged-scores" nodes={unchanged} before={label(before, t.now)} after={label(after, t.now)} />
        </details>
      )}
      <h3>{t.changesBetween}</h3>
      {changes.length === 0 ? (
        <p class="muted" id="no-changes-between">
          {t.noChangesBetween}
        </p>
      ) : (
        <LedgerChangesTable id="changes-between" changes={changes} />
      )}
      <MovedUsageTable catalog={catalog} usage={movedUsage(nodes, compared, compared.history.changes)} />
    </div>
  );
}
