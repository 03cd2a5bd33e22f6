import type { CompositeReport, Finding, IndicatorReport, LedgerScorecardsAnswer, MeasureReport } from '@govmetrics/contracts';
import { useEffect, useState } from 'preact/hooks';
import { getJson } from '../api';
import { formatNumber, formatScore } from '../format';
import { useMessages } from '../i18n';
import { PartsTable } from './parts-table';
import { ScorecardCompare } from './scorecard-compare';
import { routeHref } from '../route';

export const DEFAULT_CATALOG = 'dga-fy2564';
export const DEFAULT_AS_OF = '2021-09-30';

interface Inputs {
  catalog: string;
  asOf: string;
  knownAt: string;
  /** The second point of a comparison: shown when `compareAsOf` is set. */
  compareAsOf?: string;
  compareKnownAt?: string;
}

const inputsOf = (params: URLSearchParams): Inputs => ({
  catalog: params.get('catalog') ?? DEFAULT_CATALOG,
  asOf: params.get('as-of') ?? DEFAULT_AS_OF,
  knownAt: params.get('known-at') ?? '',
  compareAsOf: params.get('compare-as-of') ?? undefined,
  compareKnownAt: params.get('compare-known-at') ?? undefined,
});

const queryOf = ({ catalog, asOf, knownAt }: Inputs): Record<string, string> => ({ catalog, 'as-of': asOf, ...(knownAt ? { 'known-at': knownAt } : {}) });

const compareQueryOf = ({ compareAsOf, compareKnownAt }: Inputs): Record<string, string> => ({
  ...(compareAsOf ? { 'compare-as-of': compareAsOf } : {}),
  ...(compareAsOf && compareKnownAt ? { 'compare-known-at': compareKnownAt } : {}),
});

/** Scorecards as of a Bangkok day, as known at an instant (the ledger's bitemporal answer), each a tree with its findings beside the node. */
export function ScorecardsPage({ params }: { params: URLSearchParams }) {
  const t = useMessages();
  const inputs = inputsOf(params);
  const [answer, setAnswer] = useState<LedgerScorecardsAnswer>();
  const [error, setError] = useState<string>();
  const query = new URLSearchParams(queryOf(inputs)).toString();

  useEffect(() => {
    setError(undefined);
    getJson<LedgerScorecardsAnswer>(`/v1/scorecards?${query}`)
      .then(setAnswer)
      .catch((failure: Error) => setError(failure.message));
  }, [query]);

  return (
    <section id="scorecards">
      <ScorecardsForm inputs={inputs} />
      {inputs.compareAsOf && (
        <ScorecardCompare
          catalog={inputs.catalog}
          before={{ asOf: inputs.asOf, knownAt: inputs.knownAt }}
          after={{ asOf: inputs.compareAsOf, knownAt: inputs.compareKnownAt ?? '' }}
        />
      )}
      {error && <p class="error">{error}</p>}
      {!answer && !error && <p class="muted">{t.loading}</p>}
      {answer && (
        <>
          <p class="muted" id="catalog-version">
            {t.catalogVersion}: {answer.catalogVersion.digest.slice(0, 12)}… ({answer.catalog.name}, {t.asOf} {answer.asOf})
          </p>
          {answer.scorecards.map((scorecard) => (
            <ul class="tree" key={scorecard.id}>
              <NodeView node={scorecard} findings={answer.findings} inputs={inputs} />
            </ul>
          ))}
        </>
      )}
    </section>
  );
}

function ScorecardsForm({ inputs }: { inputs: Inputs }) {
  const t = useMessages();
  const submit = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const field = (name: string) => {
      const value = form.get(name);
      return typeof value === 'string' ? value : '';
    };
    const instant = (name: string) => (field(name) ? new Date(field(name)).toISOString() : '');
    const next = {
      catalog: field('catalog'),
      asOf: field('as-of'),
      knownAt: instant('known-at'),
      compareAsOf: field('compare-as-of'),
      compareKnownAt: instant('compare-known-at'),
    };
    location.hash = routeHref('scorecards', { ...queryOf(next), ...compareQueryOf(next) });
  };
  return (
    <form class="inputs" onSubmit={submit}>
      <label>
        {t.catalog} <input name="catalog" value={inputs.catalog} />
      </label>
      <label>
        {t.asOf} <input name="as-of" type="date" value={inputs.asOf} />
      </label>
      <label>
        {t.knownAt} <input name="known-at" type="datetime-local" step="1" value={inputs.knownAt ? toLocalInput(inputs.knownAt) : ''} />
      </label>
      <label>
        {t.compareWith} <input name="compare-as-of" type="date" value={inputs.compareAsOf ?? ''} />
      </label>
      <label>
        {t.compareKnownAt}{' '}
        <input name="compare-known-at" type="datetime-local" step="1" value={inputs.compareKnownAt ? toLocalInput(inputs.compareKnownAt) : ''} />
      </label>
      <button type="submit">{t.show}</button>
    </form>
  );
}

/** datetime-local wants the browser's local wall time without a zone. */
const toLocalInput = (instant: string) => {
  const date = new Date(instant);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
};

function NodeView({ node, findings, inputs }: { node: CompositeReport | IndicatorReport; findings: Finding[]; inputs: Inputs }) {
  const t = useMessages();
  return (
    <li class={`node ${node.kind}`} data-node={node.id}>
      <div class="row">
        <span class="id">{node.id}</span>
        <span class="name">{node.name}</span>
        <span class="score" title={t.score}>
          {formatScore(node.score)}
        </span>
        {node.published?.score !== undefined && (
          <span class="published" title={t.published}>
            {t.published}: {formatScore(node.published.score)}
          </span>
        )}
        {node.kind === 'indicator' && (
          <a class="explain" href={routeHref('explain', { indicator: node.id, ...queryOf(inputs) })}>
            {t.explainThis} →
          </a>
        )}
      </div>
      <Findings findings={findings.filter((finding) => finding.node === node.id)} />
      <ul>
        {node.kind === 'composite'
          ? node.children.map((child) => <NodeView key={child.id} node={child} findings={findings} inputs={inputs} />)
          : node.measures.map((measure) => <MeasureView key={measure.id} measure={measure} findings={measure.id === node.id ? [] : findings} />)}
      </ul>
    </li>
  );
}

function MeasureView({ measure, findings }: { measure: MeasureReport; findings: Finding[] }) {
  const t = useMessages();
  return (
    <li class="node measure" data-node={measure.id}>
      <dl>
        <dt>{t.actual}</dt>
        <dd class="actual">
          {formatNumber(measure.actual)} {measure.unit}
        </dd>
        <dt>{t.target}</dt>
        <dd>{formatNumber(measure.target)}</dd>
        <dt>{t.method}</dt>
        <dd>{measure.method.kind}</dd>
        <dt>{t.score}</dt>
        <dd class="score">{formatScore(measure.score)}</dd>
        {measure.published?.actual !== undefined && (
          <>
            <dt>{t.published}</dt>
            <dd>{formatNumber(measure.published.actual)}</dd>
          </>
        )}
        {measure.period && (
          <>
            <dt>{t.period}</dt>
            <dd>
              {measure.period.fromDay} … {measure.period.toDay}
            </dd>
          </>
        )}
      </dl>
      {measure.parts && <PartsTable parts={measure.parts} />}
      <Findings findings={findings.filter((finding) => finding.node === measure.id)} />
    </li>
  );
}

function Findings({ findings }: { findings: Finding[] }) {
  const t = useMessages();
  if (findings.length === 0) return null;
  return (
    <div class="findings" aria-label={t.findings}>
      {findings.map((finding) => (
        <p class="finding" key={`${finding.rule}/${finding.figure}`} data-rule={finding.rule}>
          <strong>{finding.rule}</strong>: {t.published} {formatNumber(finding.published)} · {formatNumber(finding.computed)} (Δ{' '}
          {formatNumber(finding.difference)}) — {finding.explanation}
        </p>
      ))}
    </div>
  );
}
