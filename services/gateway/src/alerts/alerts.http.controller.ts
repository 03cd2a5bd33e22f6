import { Controller, Get, Headers, Inject, type MessageEvent, Query, Req, Sse, UseFilters } from '@nestjs/common';
import type { AlertRuleView, AlertsAnswer, AlertView } from '@govmetrics/contracts';
import { AlertsQuerySchema, bangkokDay } from '@govmetrics/contracts';
import type { LedgerEntry } from '@govmetrics/ledger';
import { AlertBoard, alertRulesAsOf } from '@govmetrics/ledger';
import type { Observable } from 'rxjs';
import { LedgerSource } from '../auditor/ledger-source';
import { AuditorErrorsFilter } from '../auditor/auditor-errors.filter';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { parseQuery } from '../parse-query';
import { withHeartbeats } from '../server-sent-events';
import { limitedStream } from '../stream-limits/limited-stream';
import { StreamSlots } from '../stream-limits/stream-slots';
import { alertStream } from './alert-stream';

export const ALERTS_LEDGER = Symbol('AlertsLedger');

const stateFilter = (state: 'firing' | 'all') => (alert: AlertView) => state === 'all' || alert.state === 'firing';

/** Rules in force today, with who set them and from when; a rule retired from a later day shows that day. */
function rulesNow(entries: readonly LedgerEntry[]): AlertRuleView[] {
  const today = bangkokDay(Date.now());
  const retirements = new Map(
    entries.flatMap((entry) => (entry.type === 'AlertRuleRetired' && entry.data.effective ? [[entry.data.ruleId, entry.data.effective] as const] : [])),
  );
  return alertRulesAsOf(entries, { day: today }).map(({ ruleId, name, severity, condition, effective, who, why, when }) => {
    const retired = retirements.get(ruleId);
    return { ruleId, name, severity, condition, effective, retired: retired && retired > today ? retired : null, set: { who, why, when } };
  });
}

/** The alerts the scoring service records in the ledger: once, or as a live stream; the console reads both. */
@Controller('v1/alerts')
@UseFilters(AuditorErrorsFilter)
export class AlertsHttpController {
  constructor(
    @Inject(ALERTS_LEDGER) private readonly ledger: LedgerSource,
    private readonly slots: StreamSlots,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** The rules in force and every alert (or only the firing ones), firing first, newest first. */
  @Get()
  async list(@Query() query: unknown): Promise<AlertsAnswer> {
    const { state } = parseQuery(AlertsQuerySchema, query);
    const entries = await this.ledger.entries();
    return { rules: rulesNow(entries), alerts: AlertBoard.of(entries).list().filter(stateFilter(state)) };
  }

  /**
   * Server-sent events: every alert as it stands, then each change as it is recorded (`event: alert`, `id`: its ledger
   * position), with heartbeats; `Last-Event-ID` (or `last_event_id=`) resumes after that position.
   */
  @Sse('stream')
  stream(@Query() query: unknown, @Req() request: { ip: string }, @Headers('last-event-id') lastEventId?: string): Observable<MessageEvent> {
    const { state, last_event_id } = parseQuery(AlertsQuerySchema, { ...(query as object), ...(lastEventId ? { last_event_id: lastEventId } : {}) });
    const after = last_event_id === undefined ? undefined : BigInt(last_event_id);
    return limitedStream(this.slots, request.ip, () =>
      withHeartbeats(alertStream(this.ledger, after, stateFilter(state)), this.config.GATEWAY_HEARTBEAT_MS, () => last_event_id ?? '0'),
    );
  }
}
