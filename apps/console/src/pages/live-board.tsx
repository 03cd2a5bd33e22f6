import type { AggregateUpdate, KpiAttainment, MetricTotalAnswer } from '@govmetrics/contracts';
import { useEffect, useRef, useState } from 'preact/hooks';
import { followStream, getJson, type StreamState } from '../api';
import { formatNumber, formatScore } from '../format';
import { useMessages } from '../i18n';
import { LineChart } from '../line-chart';
import { type PlatformEntry, PLATFORMS } from '../platforms';
import { AlertsPanel } from './alerts-panel';
import { PipelineHealthPanel } from './pipeline-health';
import { usePoll } from './use-poll';

type Totals = Record<string, MetricTotalAnswer>;
interface Sample {
  at: number;
  events: number[];
}

const REFRESH_MS = 10_000;
/** Announcements arrive per bucket, many within a tick: the totals they move are re-read at most this often. */
const COALESCE_MS = 250;
const KEPT_BUCKETS = 12;
const KEPT_SAMPLES = 600;

const totalsOf = async (platform: PlatformEntry): Promise<MetricTotalAnswer[]> =>
  Promise.all(platform.metrics.map((metric) => getJson<MetricTotalAnswer>(`/v1/aggregates/total?platform=${platform.id}&metric=${metric}`)));

/**
 * The operator's board: every platform's totals, one platform followed live on the aggregate stream (its counts and
 * chart move as buckets are announced), KPI attainment from its stream, the pipeline's health. A dropped stream
 * reconnects, and the totals are re-read at once, so updates missed meanwhile show.
 */
export function LiveBoardPage() {
  const [watched, setWatched] = useState('gdx');
  const [totals, setTotals] = useState<Totals>({});
  const [error, setError] = useState<string>();
  const platform = PLATFORMS.find((entry) => entry.id === watched) ?? PLATFORMS[0]!;

  const refresh = (entries: readonly PlatformEntry[]) =>
    Promise.all(entries.map(totalsOf))
      .then((answers) => {
        setError(undefined);
        setTotals((held) => ({ ...held, ...Object.fromEntries(answers.flat().map((answer) => [`${answer.platform}/${answer.metric}`, answer])) }));
      })
      .catch((failure: Error) => setError(failure.message));
  usePoll(() => void refresh(PLATFORMS), REFRESH_MS);

  return (
    <section id="live-board">
      {/* Alerts first: what an operator acts on, and nothing above them grows as the other panels fill in */}
      <AlertsPanel />
      {error && <p class="error">{error}</p>}
      <PlatformCards totals={totals} watched={watched} onWatch={setWatched} />
      <WatchedPlatform key={platform.id} platform={platform} totals={totals} refresh={() => refresh([platform])} />
      <div class="columns">
        <AttainmentPanel />
        <PipelineHealthPanel />
      </div>
    </section>
  );
}

const eventsOf = (totals: Totals, platform: PlatformEntry) =>
  platform.metrics.reduce((sum, metric) => sum + (totals[`${platform.id}/${metric}`]?.events ?? 0), 0);

function PlatformCards({ totals, watched, onWatch }: { totals: Totals; watched: string; onWatch: (id: string) => void }) {
  const t = useMessages();
  return (
    <div class="cards">
      {PLATFORMS.map((platform) => (
        <button
          type="button"
          key={platform.id}
          class={`card ${platform.id === watched ? 'watched' : ''}`}
          data-platform={platform.id}
          onClick={() => onWatch(platform.id)}
        >
          <strong>{platform.id}</strong>
          <span class="events" data-events={eventsOf(totals, platform)}>
            {formatNumber(eventsOf(totals, platform))}
          </span>
          <small>{t.events}</small>
        </button>
      ))}
    </div>
  );
}

function WatchedPlatform({ platform, totals, refresh }: { platform: PlatformEntry; totals: Totals; refresh: () => Promise<unknown> }) {
  const t = useMessages();
  const [state, setState] = useState<StreamState>('connecting');
  const [buckets, setBuckets] = useState<AggregateUpdate[]>([]);
  const [samples, setSamples] = useState<Sample[]>([]);
  const pending = useRef<ReturnType<typeof setTimeout>>();
  const refreshSoon = () => {
    pending.current ??= setTimeout(() => {
      pending.current = undefined;
      void refresh();
    }, COALESCE_MS);
  };

  useEffect(
    () =>
      followStream(`/v1/aggregates/stream?platform=${platform.id}`, {
        onState: (next) => {
          setState(next);
          if (next === 'open') refreshSoon();
        },
        onEvent: (event) => {
          if (event.type !== 'aggregate') return;
          const update = JSON.parse(event.data) as AggregateUpdate;
          setBuckets((held) => [update, ...held.filter((bucket) => bucketKey(bucket) !== bucketKey(update))].slice(0, KEPT_BUCKETS));
          refreshSoon();
        },
      }),
    [platform.id],
  );

  const current = platform.metrics.map((metric) => totals[`${platform.id}/${metric}`]?.events ?? 0);
  useEffect(() => {
    setSamples((held) => {
      const last = held.at(-1);
      if (last && last.events.every((value, i) => value === current[i])) return held;
      return [...held, { at: Date.now() / 1000, events: current }].slice(-KEPT_SAMPLES);
    });
  }, [current.join(',')]);

  return (
    <div class="panel" id="watched" data-platform={platform.id}>
      <h2>
        {t.watching}: {platform.name}{' '}
        <span class={`state ${state}`} id="aggregate-stream-state">
          {t[state]}
        </span>
      </h2>
      <table id="metric-totals">
        <thead>
          <tr>
            <th>{t.metric}</th>
            <th>{t.total}</th>
            <th>{t.events}</th>
          </tr>
        </thead>
        <tbody>
          {platform.metrics.map((metric) => (
            <tr key={metric} data-metric={metric}>
              <td>{metric}</td>
              <td class="total">{formatNumber(totals[`${platform.id}/${metric}`]?.total)}</td>
              <td class="events">{formatNumber(totals[`${platform.id}/${metric}`]?.events)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <LineChart
        id="events-chart"
        times={samples.map((sample) => sample.at)}
        series={platform.metrics.map((metric, i) => ({ label: `${metric} (${t.events})`, values: samples.map((sample) => sample.events[i] ?? null) }))}
      />
      <h3>{t.latestBuckets}</h3>
      {buckets.length === 0 ? <p class="muted">{t.noUpdates}</p> : <BucketTable buckets={buckets} />}
    </div>
  );
}

const bucketKey = (bucket: AggregateUpdate) => `${bucket.metric}/${bucket.agency}/${bucket.day}`;

function BucketTable({ buckets }: { buckets: AggregateUpdate[] }) {
  const t = useMessages();
  return (
    <table id="buckets">
      <thead>
        <tr>
          <th>{t.metric}</th>
          <th>{t.agency}</th>
          <th>{t.day}</th>
          <th>{t.total}</th>
          <th>{t.events}</th>
        </tr>
      </thead>
      <tbody>
        {buckets.map((bucket) => (
          <tr key={bucketKey(bucket)} data-bucket={bucketKey(bucket)}>
            <td>{bucket.metric}</td>
            <td>{bucket.agency}</td>
            <td>{bucket.day}</td>
            <td>{formatNumber(bucket.total)}</td>
            <td>{formatNumber(bucket.events)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AttainmentPanel() {
  const t = useMessages();
  const [state, setState] = useState<StreamState>('connecting');
  const [board, setBoard] = useState<Record<string, KpiAttainment>>({});
  useEffect(
    () =>
      followStream('/v1/attainment/stream', {
        onState: setState,
        onEvent: (event) => {
          if (event.type !== 'attainment') return;
          const attainment = JSON.parse(event.data) as KpiAttainment;
          setBoard((held) => ({ ...held, [attainment.ledger.stream]: attainment }));
        },
      }),
    [],
  );
  return (
    <div class="panel" id="attainment">
      <h2>
        {t.attainment} <span class={`state ${state}`}>{t[state]}</span>
      </h2>
      <table>
        <tbody>
          {Object.values(board).map(({ ledger, snapshot }) => (
            <tr key={ledger.stream} data-scorecard={snapshot.scorecardId}>
              <td>
                {snapshot.catalogId} / {snapshot.scorecardId}
              </td>
              <td class="score">{formatScore(snapshot.overall)}</td>
              <td class="muted">{snapshot.asOf}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
