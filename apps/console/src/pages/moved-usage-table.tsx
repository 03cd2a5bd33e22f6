import { useState } from 'preact/hooks';
import { useMessages } from '../i18n';
import { routeHref } from '../route';
import { type MovedUsage, usageKey } from './moved-usage';
import { sourceKey } from './definition-sources';
import { SourceBuckets } from './source-buckets';

/**
 * The usage behind the scores that moved: per indicator and source, the days one point read and the other did not.
 * One is opened at a time into its daily buckets per agency (GET /v1/series); a bucket opens Explain on its events.
 */
export function MovedUsageTable({ catalog, usage }: { catalog: string; usage: MovedUsage[] }) {
  const t = useMessages();
  const [open, setOpen] = useState<string>();
  const opened = usage.find((entry) => usageKey(entry) === open);
  return (
    <div id="usage-between">
      <h3>{t.usageBetween}</h3>
      {usage.length === 0 ? (
        <p class="muted" id="no-usage-between">
          {t.noUsageBetween}
        </p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t.indicator}</th>
              <th>{t.inputs}</th>
              <th>{t.daysBetween}</th>
              <th>{t.asOf}</th>
            </tr>
          </thead>
          <tbody>
            {usage.map((entry) => (
              <tr
                key={usageKey(entry)}
                class={usageKey(entry) === open ? 'moved-usage open' : 'moved-usage'}
                data-indicator={entry.indicatorId}
                data-source={sourceKey(entry.source)}
                data-from={entry.days.fromDay}
                data-to={entry.days.toDay}
              >
                <td>{entry.indicatorId}</td>
                <td>
                  <a href="#" class="buckets-link" onClick={(event) => (event.preventDefault(), setOpen(usageKey(entry)))}>
                    {entry.source.label ?? `${entry.source.platform}/${entry.source.metric}`}
                  </a>
                </td>
                <td>
                  {entry.days.fromDay} … {entry.days.toDay}
                </td>
                <td>{entry.asOf}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {opened && (
        <SourceBuckets
          source={opened.source}
          period={opened.days}
          onBucket={(bucket) => {
            const params = { indicator: opened.indicatorId, catalog, 'as-of': opened.asOf, source: sourceKey(opened.source) };
            location.hash = routeHref('explain', { ...params, bucket: `${bucket.agency}/${bucket.day}` });
          }}
        />
      )}
    </div>
  );
}
