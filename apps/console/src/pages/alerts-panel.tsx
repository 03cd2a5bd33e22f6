import type { AlertView } from '@govmetrics/contracts';
import { useEffect, useState } from 'preact/hooks';
import { followStream, type StreamState } from '../api';
import { DICTIONARIES, useMessages } from '../i18n';
import { ACKNOWLEDGE_ROUTE, AcknowledgeAlert } from './acknowledge-alert';
import { admits, useSession } from './use-session';

// The panel's own words, so that adding it touches no shared dictionary.
const WORDS = {
  en: {
    title: 'Alerts (live)',
    none: 'No alert has fired.',
    firing: 'firing',
    resolved: 'resolved',
    acknowledgedBy: 'acknowledged by',
    acknowledge: 'Acknowledge',
    note: 'note (optional)',
    defaultReason: 'acknowledged from the console',
    refused: 'refused',
  },
  th: {
    title: 'การแจ้งเตือน (สด)',
    none: 'ยังไม่มีการแจ้งเตือน',
    firing: 'กำลังเตือน',
    resolved: 'คลี่คลายแล้ว',
    acknowledgedBy: 'รับทราบโดย',
    acknowledge: 'รับทราบ',
    note: 'หมายเหตุ (ไม่บังคับ)',
    defaultReason: 'รับทราบจากคอนโซล',
    refused: 'ถูกปฏิเสธ',
  },
};

/** Firing first, then the newest change first: the order GET /v1/alerts answers in. */
const ordered = (alerts: readonly AlertView[]) =>
  [...alerts].sort((a, b) => (a.state !== b.state ? (a.state === 'firing' ? -1 : 1) : Number(BigInt(b.position) - BigInt(a.position))));

/**
 * The alerts the gateway streams from the ledger (the same the webhooks get), each replaced by its newer state as it
 * changes; a firing alert not yet taken in charge offers an acknowledgement to tokens whose roles the matrix admits.
 */
export function AlertsPanel() {
  const t = useMessages();
  const words = t === DICTIONARIES.th ? WORDS.th : WORDS.en;
  const [state, setState] = useState<StreamState>('connecting');
  const [alerts, setAlerts] = useState<Record<string, AlertView>>({});
  const mayAcknowledge = admits(useSession(), ACKNOWLEDGE_ROUTE);
  useEffect(
    () =>
      followStream('/v1/alerts/stream', {
        onState: setState,
        onEvent: (event) => {
          if (event.type !== 'alert') return;
          const alert = JSON.parse(event.data) as AlertView;
          setAlerts((held) => ({ ...held, [alert.alertId]: alert }));
        },
      }),
    [],
  );
  const shown = ordered(Object.values(alerts));
  return (
    <div class="panel" id="alerts">
      <h2>
        {words.title} <span class={`state ${state}`}>{t[state]}</span>
      </h2>
      {shown.length === 0 && <p class="muted">{words.none}</p>}
      <table>
        <tbody>
          {shown.map((alert) => (
            <tr key={alert.alertId} data-alert={alert.alertId} data-state={alert.state} class={alert.state === 'firing' ? `alert ${alert.severity}` : 'muted'}>
              <td>{alert.state === 'firing' ? words.firing : words.resolved}</td>
              <td>
                <strong>{alert.ruleName}</strong> <span class="muted">{alert.alertId}</span>
                <br />
                {alert.summary}
                {alert.acknowledged && (
                  <span class="muted">
                    {' '}
                    · {words.acknowledgedBy} {alert.acknowledged.who}: {alert.acknowledged.why}
                  </span>
                )}
                {mayAcknowledge && alert.state === 'firing' && !alert.acknowledged && <AcknowledgeAlert alertId={alert.alertId} words={words} />}
              </td>
              <td class="muted">{alert.resolvedAt ?? alert.firedAt}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
