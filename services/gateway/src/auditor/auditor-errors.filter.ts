import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import { ClickHouseError, NonFiniteAggregateError } from '@govmetrics/clickhouse';
import type { AuditorError, GatewayError, NonFiniteAggregate } from '@govmetrics/contracts';
import { EventStoreError } from '@govmetrics/event-store';
import { LedgerError } from '@govmetrics/ledger';
import { nonFiniteAggregateAnswer } from '../metric-totals/non-finite-aggregate.answer';

type Answer = { status: number; body: AuditorError | GatewayError | NonFiniteAggregate };
/** The part of Fastify's reply a filter uses. */
type Reply = { status(code: number): { send(body: unknown): unknown } };

/** What an auditor's request that failed in the ledger or ClickHouse answers; `null`: not ours to map (a 500). */
export function auditorAnswer(error: unknown): Answer | null {
  if (error instanceof LedgerError) {
    switch (error.code) {
      case 'CATALOG_NOT_IN_LEDGER':
        return { status: 404, body: { error: 'unknown_catalog', message: error.message } };
      case 'INDICATOR_NOT_IN_LEDGER':
        return { status: 404, body: { error: 'unknown_indicator', message: error.message } };
      case 'CATALOG_AMBIGUOUS':
        return { status: 400, body: { error: 'invalid_query', errors: [{ path: '$.catalog', rule: 'required', message: error.message }] } };
      case 'INVALID_CATALOG_IN_LEDGER':
      case 'INVALID_LEDGER_EVENT':
      case 'UNCHAINED_PREDECESSOR':
      case 'UNREADABLE_LEDGER_EVENT':
        // The ledger holds something its own rules reject: a defect to look into, not the caller's fault.
        return null;
      case 'INDICATOR_NOT_IN_CATALOG':
      case 'MEASURE_MISMATCH':
      case 'ATTESTED_VALUE_NOT_SCORED':
      case 'INVALID_REVISION':
      case 'ALERT_SUBJECT_NOT_IN_CATALOG':
      case 'ALERT_RULE_UNKNOWN':
      case 'ALERT_NOT_FIRING':
        // Refusals of a proposed change: these read-only endpoints propose none.
        return null;
      case 'INVALID_SIGNING_KEY':
        // A key setting the gateway checked at start: not the caller's doing.
        return null;
    }
  }
  // Scoring refuses to score a non-finite actual: the auditor is told which aggregate, not given a score built on 0.
  if (error instanceof NonFiniteAggregateError) return { status: 500, body: nonFiniteAggregateAnswer(error) };
  if (error instanceof EventStoreError && error.retriable) return { status: 503, body: { error: 'ledger_unavailable', message: error.message } };
  if (error instanceof ClickHouseError && error.retriable) return { status: 503, body: { error: 'clickhouse_unavailable', message: error.message } };
  return null;
}

/** Maps ledger and ClickHouse failures of the auditor endpoints to HTTP, once, at the edge; anything else stays a 500. */
@Catch(LedgerError, EventStoreError, ClickHouseError, NonFiniteAggregateError)
export class AuditorErrorsFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const answer = auditorAnswer(error);
    const reply = host.switchToHttp().getResponse<Reply>();
    if (answer) reply.status(answer.status).send(answer.body);
    else reply.status(500).send({ statusCode: 500, message: 'Internal server error' });
  }
}
