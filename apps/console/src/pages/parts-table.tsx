import type { MeasureReport } from '@govmetrics/contracts';
import { formatNumber } from '../format';
import { useMessages } from '../i18n';

/** A measure's parts (e.g. A1's four platforms) beside the figures the report printed for them. */
export function PartsTable({ parts }: { parts: NonNullable<MeasureReport['parts']> }) {
  const t = useMessages();
  return (
    <table class="parts">
      <caption>{t.parts}</caption>
      <tbody>
        {parts.map((part) => (
          <tr key={part.label}>
            <td>{part.label}</td>
            <td>{formatNumber(part.value)}</td>
            <td class="muted">{part.published === undefined ? '' : `${t.published} ${formatNumber(part.published)}`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
