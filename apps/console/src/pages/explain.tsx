import type { CatalogChange, IndicatorReport, LedgerHistoryAnswer, LedgerScorecardsAnswer, MeasureReport } from '@govmetrics/contracts';
import { useEffect, useState } from 'preact/hooks';
import { getJson } from '../api';
import { formatNumber, formatScore } from '../format';
import { useMessages } from '../i18n';
import { PartsTable } from './parts-table';
import { sourceKey, sourcesOf } from './definition-sources';
import { findIndicator } from './moved-usage';
import { type Bucket, BucketEvents, type Source, SourceBuckets } from './source-buckets';
import { routeHref } from '../route';
import { DEFAULT_AS_OF, DEFAULT_CATALOG } from './scorecards';

/**
 * From an indicator down to what it read: its measures' actuals and parts, the platform metrics its definition reads,
 * a source's daily buckets per agency over the period, a bucket's events; and the ledger changes behind it. The
 * chosen source and bucket are in the hash, so a drill-down can be linked.
 */
export function ExplainPage({ params }: { params: URLSearchParams }) {
  const t = useMessages();
  const indicatorId = params.get('indicator') ?? 'A1';
  const catalog = params.get('catalog') ?? DEFAULT_CATALOG;
  const asOf = params.get('as-of') ?? DEFAULT_AS_OF;
  const knownAt = params.get('known-at');
  const [indicator, setIndicator] = useState<IndicatorReport>();
  const [changes, setChanges] = useState<CatalogChange[]>([]);
  const [error, setError] = useState<string>();

  useEffect(() => {
    const query = new URLSearchParams({ catalog, 'as-of': asOf, ...(knownAt ? { 'known-at': knownAt } : {}) });
    Promise.all([
      getJson<LedgerScorecardsAnswer>(`/v1/scorecards?${query.toString()}`),
      getJson<LedgerHistoryAnswer>(`/v1/ledger/history?catalog=${catalog}&indicator=${indicatorId}`),
    ])
      .then(([scorecards, history]) => {
        setIndicator(findIndicator(scorecards, indicatorId));
        setChanges(history.changes);
      })
      .catch((failure: Error) => setError(failure.message));
  }, [indicatorId, catalog, asOf, knownAt]);

  const definition = changes.filter((change) => change.type === 'KpiDefined').at(-1);
  const sources = definition ? sourcesOf(definition.data.definition) : [];
  const source = sources.find((candidate) => sourceKey(candidate) === params.get('source'));
  const [agency, day] = (params.get('bucket') ?? '').split('/');
  const bucket: Bucket | undefined = agency && day ? { agency, day } : undefined;
  const period = indicator?.measures.find((measure) => measure.period)?.period;
  const drill = (next: Record<string, string>) => {
    const kept = Object.fromEntries([...params.entries()].filter(([key]) => key !== 'source' && key !== 'bucket'));
    location.hash = routeHref('explain', { ...kept, ...next });
  };
  return (
    <section id="explain" data-indicator={indicatorId}>
      <h2>
        {t.indicator} {indicatorId} {indicator && `— ${indicator.name}: ${formatScore(indicator.score)}`}{' '}
        <span class="muted">
          ({t.asOf} {asOf})
        </span>
      </h2>
      {error && <p class="error">{error}</p>}
      {indicator?.measures.map((measure) => (
        <MeasureInputs key={measure.id} measure={measure} />
      ))}
      {sources.length > 0 && <SourceTable sources={sources} onSource={(chosen) => drill({ source: sourceKey(chosen) })} />}
      {source && period && (
        <SourceBuckets source={source} period={period} onBucket={(chosen) => drill({ source: sourceKey(source), bucket: `${chosen.agency}/${chosen.day}` })} />
      )}
      {source && bucket && <BucketEvents source={source} bucket={bucket} />}
      <h3>{t.history}</h3>
      <ul id="indicator-history">
        {changes.map((change) => (
          <li key={change.version}>
            {change.type} · {change.who} · {change.when} · {t.effective} {change.effective} — {change.why}
          </li>
        ))}
      </ul>
    </section>
  );
}

function MeasureInputs({ measure }: { measure: MeasureReport }) {
  const t = useMessages();
  return (
    <div class="panel" data-measure={measure.id}>
      <h3>
        {measure.id}: {t.actual} <span class="actual">{formatNumber(measure.actual)}</span> / {t.target} {formatNumber(measure.target)} →{' '}
        {formatScore(measure.score)}
      </h3>
      {measure.period && (
        <p>
          {t.period}: {measure.period.fromDay} … {measure.period.toDay}
        </p>
      )}
      {measure.parts && <PartsTable parts={measure.parts} />}
    </div>
  );
}

function SourceTable({ sources, onSource }: { sources: Source[]; onSource: (source: Source) => void }) {
  const t = useMessages();
  return (
    <table id="sources">
      <caption>{t.inputs}</caption>
      <thead>
        <tr>
          <th />
          <th>{t.platform}</th>
          <th>{t.metric}</th>
          <th>{t.statistic}</th>
        </tr>
      </thead>
      <tbody>
        {sources.map((source) => (
          <tr key={`${source.platform}/${source.metric}/${source.statistic ?? ''}`} data-platform={source.platform}>
            <td>
              <a href="#" class="source" onClick={(event) => (event.preventDefault(), onSource(source))}>
                {source.label ?? `${source.platform}/${source.metric}`}
              </a>
            </td>
            <td>{source.platform}</td>
            <td>{source.metric}</td>
            <td>{source.statistic ?? 'sum'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
