import type { VerdictRates } from '@govmetrics/contracts';
import { formatNumber } from '../format';
import { useMessages } from '../i18n';
import { LineChart } from '../line-chart';

const sum = (counts: number[]) => counts.reduce((total, count) => total + count, 0);

/** `batch_too_large 1, invalid_batch 2`: each rule of the refused batches with its count, by rule name. */
const ruleList = (rules: Record<string, number>) =>
  Object.entries(rules)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([rule, n]) => `${rule} ${formatNumber(n)}`)
    .join(', ');

/** Every platform's counts added up, minute by minute. */
const allPlatforms = (rates: VerdictRates, verdict: 'accepted' | 'duplicates' | 'rejected') =>
  (rates.platforms[0]?.[verdict] ?? []).map((_, minute) => sum(rates.platforms.map((platform) => platform[verdict][minute] ?? 0)));

/**
 * Ingest verdicts per platform and minute (`verdicts` of `GET /v1/operations/pipeline`): the current minute and the
 * window's totals per platform, and each verdict per minute on a chart.
 */
export function VerdictRatesPanel({ rates }: { rates: VerdictRates }) {
  const t = useMessages();
  const minutes = rates.platforms[0]?.accepted.length ?? 0;
  const from = Date.parse(rates.from) / 1000;
  const times = Array.from({ length: minutes }, (_, i) => from + i * rates.intervalSeconds);
  const window = `${t.inTheLast} ${formatNumber((minutes * rates.intervalSeconds) / 60)} min`;
  return (
    <div id="verdicts">
      <h3>{t.verdictRates}</h3>
      <table>
        <thead>
          <tr>
            <th>{t.platform}</th>
            <th>
              {t.accepted} ({t.thisMinute})
            </th>
            <th>
              {t.duplicates} ({t.thisMinute})
            </th>
            <th>
              {t.rejected} ({t.thisMinute})
            </th>
            <th>
              {t.accepted} ({window})
            </th>
            <th>
              {t.duplicates} ({window})
            </th>
            <th>
              {t.rejected} ({window})
            </th>
            <th>
              {t.refusedBatches} ({window})
            </th>
          </tr>
        </thead>
        <tbody>
          {rates.platforms.map(({ platform, accepted, duplicates, rejected, refusedBatches, refusedBatchRules }) => (
            <tr key={platform ?? ''} data-platform={platform ?? ''}>
              <td>{platform ?? t.noPlatform}</td>
              <td class="accepted-now">{formatNumber(accepted.at(-1))}</td>
              <td class="duplicates-now">{formatNumber(duplicates.at(-1))}</td>
              <td class="rejected-now">{formatNumber(rejected.at(-1))}</td>
              <td class="accepted">{formatNumber(sum(accepted))}</td>
              <td class="duplicates">{formatNumber(sum(duplicates))}</td>
              <td class="rejected">{formatNumber(sum(rejected))}</td>
              <td class="refused-batches" data-rules={ruleList(refusedBatchRules)}>
                {formatNumber(sum(refusedBatches))}
                {sum(refusedBatches) > 0 && <span class="muted"> ({ruleList(refusedBatchRules)})</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {minutes > 0 && (
        <LineChart
          id="verdicts-chart"
          height={160}
          times={times}
          series={[
            { label: `${t.accepted} / min`, values: allPlatforms(rates, 'accepted') },
            { label: `${t.duplicates} / min`, values: allPlatforms(rates, 'duplicates') },
            { label: `${t.rejected} / min`, values: allPlatforms(rates, 'rejected') },
          ]}
        />
      )}
    </div>
  );
}
