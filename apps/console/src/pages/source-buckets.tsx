import type { BucketEventsAnswer, SeriesAnswer } from '@govmetrics/contracts';
import { useEffect, useState } from 'preact/hooks';
import { getJson } from '../api';
import { formatNumber } from '../format';
import { useMessages } from '../i18n';

export interface Source {
  label?: string;
  platform: string;
  metric: string;
  statistic?: string;
}

export interface Bucket {
  agency: string;
  day: string;
}

/** The agencies that weigh most in a source over the period; the rest are one query away (GET /v1/series). */
const TOP_AGENCIES = 10;
/** Days shown per agency: a year of daily buckets is a page of its own, the series API's CSV export has them all. */
const SHOWN_DAYS = 31;

/** A source's daily buckets per agency over the measure's period (GET /v1/series, window=day, group_by=agency), each one a link to its events. */
export function SourceBuckets({
  source,
  period,
  onBucket,
}: {
  source: Source;
  period: { fromDay: string; toDay: string };
  onBucket: (bucket: Bucket) => void;
}) {
  const t = useMessages();
  const [answer, setAnswer] = useState<SeriesAnswer>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    const query = new URLSearchParams({
      platform: source.platform,
      metric: source.metric,
      statistic: source.statistic ?? 'sum',
      from: period.fromDay,
      to: period.toDay,
      window: 'day',
      group_by: 'agency',
      top: String(TOP_AGENCIES),
    });
    getJson<SeriesAnswer>(`/v1/series?${query.toString()}`)
      .then(setAnswer)
      .catch((failure: Error) => setError(failure.message));
  }, [source.platform, source.metric, source.statistic, period.fromDay, period.toDay]);

  if (error) return <p class="error">{error}</p>;
  if (!answer) return <p class="muted">{t.loading}</p>;
  return (
    <table class="buckets" data-source={`${source.platform}/${source.metric}`}>
      <caption>
        {t.buckets}: {source.platform} / {source.metric} ({answer.statistic}, {answer.zone})
      </caption>
      <thead>
        <tr>
          <th>{t.agency}</th>
          <th>{t.day}</th>
          <th>{t.value}</th>
          <th>{t.events}</th>
        </tr>
      </thead>
      <tbody>
        {answer.series.flatMap(({ group, points }) =>
          points.slice(-SHOWN_DAYS).map((point) => (
            <tr key={`${group}/${point.start}`} class="bucket" data-agency={group ?? ''} data-day={point.start}>
              <td>{group}</td>
              <td>
                <a href="#" onClick={(event) => (event.preventDefault(), onBucket({ agency: group ?? '', day: point.start }))}>
                  {point.label}
                </a>
              </td>
              <td>{formatNumber(point.value)}</td>
              <td>{formatNumber(point.events)}</td>
            </tr>
          )),
        )}
      </tbody>
    </table>
  );
}

/** The events behind one bucket (GET /v1/buckets/events): ids, times, log positions, pseudonymised entities only; a page at a time. */
export function BucketEvents({ source, bucket }: { source: Source; bucket: Bucket }) {
  const t = useMessages();
  const [pages, setPages] = useState<BucketEventsAnswer[]>([]);
  const [error, setError] = useState<string>();
  const load = (cursor?: string) => {
    const query = new URLSearchParams({
      platform: source.platform,
      metric: source.metric,
      agency: bucket.agency,
      day: bucket.day,
      statistic: source.statistic ?? 'sum',
      ...(cursor ? { cursor } : {}),
    });
    getJson<BucketEventsAnswer>(`/v1/buckets/events?${query.toString()}`)
      .then((page) => setPages((held) => (cursor ? [...held, page] : [page])))
      .catch((failure: Error) => setError(failure.message));
  };
  useEffect(() => load(), [source.platform, source.metric, bucket.agency, bucket.day]);

  const first = pages[0];
  const next = pages.at(-1)?.nextCursor;
  if (error) return <p class="error">{error}</p>;
  if (!first) return <p class="muted">{t.loading}</p>;
  return (
    <div class="panel" id="bucket-events" data-agency={bucket.agency} data-day={bucket.day}>
      <h3>
        {t.bucketEvents}: {source.platform} / {source.metric} / {bucket.agency} / {bucket.day} — {first.bucket.statistic}{' '}
        <span class="value">{formatNumber(first.bucket.value)}</span> ({formatNumber(first.bucket.events)} {t.events})
      </h3>
      <table>
        <thead>
          <tr>
            <th>id</th>
            <th>{t.when}</th>
            <th>{t.value}</th>
            <th>{t.entity}</th>
            <th>{t.logPosition}</th>
          </tr>
        </thead>
        <tbody>
          {pages
            .flatMap((page) => page.events)
            .map((event) => (
              <tr key={`${event.source}/${event.id}`} class="event">
                <td class="mono">{event.id}</td>
                <td>{event.time}</td>
                <td>{formatNumber(event.value)}</td>
                <td class="mono">{event.entity ? `${event.entity.slice(0, 16)}…` : '—'}</td>
                <td class="mono">
                  {event.partition}:{event.offset}
                </td>
              </tr>
            ))}
        </tbody>
      </table>
      {next && (
        <button type="button" onClick={() => load(next)}>
          {t.more}
        </button>
      )}
    </div>
  );
}
