import type { PipelineHealthAnswer } from '@govmetrics/contracts';
import { useState } from 'preact/hooks';
import { getJson } from '../api';
import { formatAge, formatNumber } from '../format';
import { useMessages } from '../i18n';
import { usePoll } from './use-poll';
import { VerdictRatesPanel } from './verdict-rates';

const REFRESH_MS = 5_000;

/** Counts per reason or rule, largest first. */
function CountsTable({ counts, caption }: { counts: Record<string, number>; caption: string }) {
  const entries = Object.entries(counts).sort(([, a], [, b]) => b - a);
  if (entries.length === 0) return null;
  return (
    <table>
      <caption>{caption}</caption>
      <tbody>
        {entries.map(([reason, count]) => (
          <tr key={reason} data-reason={reason}>
            <td>{reason}</td>
            <td>{formatNumber(count)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Freshness({ answer }: { answer: PipelineHealthAnswer }) {
  const t = useMessages();
  const { seconds, newestEventTime, newestProjectedAt } = answer.freshness;
  return (
    <p id="freshness" data-seconds={seconds ?? ''} data-newest-event={newestEventTime ?? ''}>
      {t.freshness}: <strong class="seconds">{seconds === null ? '—' : `${formatNumber(seconds)} s`}</strong>{' '}
      {seconds !== null && <span class="age">= {formatAge(seconds)}</span>}{' '}
      <span class="muted">
        ({t.newestEvent} {newestEventTime ?? '—'}; {t.lastWrite} {newestProjectedAt ?? '—'})
      </span>
    </p>
  );
}

function LagTable({ lag }: { lag: PipelineHealthAnswer['lag'] }) {
  const t = useMessages();
  return (
    <table id="lag">
      <caption>{t.consumerLag}</caption>
      <thead>
        <tr>
          <th>{t.consumer}</th>
          <th>{t.topic}</th>
          <th>{t.partition}</th>
          <th>{t.lag}</th>
        </tr>
      </thead>
      <tbody>
        {lag.map(({ consumer, topic, partition, lag: behind }) => (
          <tr key={`${consumer}/${partition}`} data-consumer={consumer} data-partition={partition} class={behind > 0 ? 'behind' : ''}>
            <td>{consumer}</td>
            <td>{topic}</td>
            <td>{partition}</td>
            <td class="lag">{formatNumber(behind)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The pipeline's health on the operator's board (`GET /v1/operations/pipeline`, re-read every 5 s): freshness,
 * what reached the read model, verdict rates, dead letters, quarantine and each consumer's lag per partition.
 */
export function PipelineHealthPanel() {
  const t = useMessages();
  const [answer, setAnswer] = useState<PipelineHealthAnswer>();
  const [error, setError] = useState<string>();
  usePoll(
    () =>
      void getJson<PipelineHealthAnswer>('/v1/operations/pipeline')
        .then((next) => {
          setError(undefined);
          setAnswer(next);
        })
        .catch((failure: Error) => setError(failure.message)),
    REFRESH_MS,
  );
  return (
    <div class="panel" id="pipeline-health" data-read-at={answer?.readAt ?? ''}>
      <h2>{t.pipelineHealth}</h2>
      {error && <p class="error">{error}</p>}
      {answer && (
        <>
          <Freshness answer={answer} />
          <p id="intake">
            {t.projectedEvents}: <strong>{formatNumber(answer.intake.projectedEvents)}</strong> ({formatNumber(answer.intake.projectedRecently)}{' '}
            {t.writtenInLast} {formatNumber(answer.intake.recentWindowSeconds)} s)
          </p>
          <VerdictRatesPanel rates={answer.verdicts} />
          <p class="muted">{t.verdictsNote}</p>
          <div class="columns">
            <div id="dead-letters">
              <h3>
                {t.deadLetters}: <span class="count">{formatNumber(answer.intake.deadLetters.total)}</span>
              </h3>
              <CountsTable counts={answer.intake.deadLetters.counts} caption={t.reasons} />
            </div>
            <div id="quarantine">
              <h3>
                {t.quarantine}: <span class="count">{formatNumber(answer.quarantine.total)}</span>
              </h3>
              <CountsTable counts={answer.quarantine.counts} caption={t.reasons} />
            </div>
          </div>
          <LagTable lag={answer.lag} />
        </>
      )}
    </div>
  );
}
