import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import { EventStoreError, WrongExpectedVersionError } from '@govmetrics/event-store';
import { LedgerError, type LedgerErrorCode } from '@govmetrics/ledger';
import type { FastifyReply } from 'fastify';
import { auditorAnswer } from '../auditor/auditor-errors.filter';
import { StewardRefusal } from './steward-refusal';

/** The ledger's refusals of a proposed change: the steward's to fix, answered 422. */
const REFUSALS: readonly LedgerErrorCode[] = [
  'INDICATOR_NOT_IN_CATALOG',
  'MEASURE_MISMATCH',
  'ATTESTED_VALUE_NOT_SCORED',
  'INVALID_REVISION',
  'ALERT_NOT_FIRING',
  'ALERT_RULE_UNKNOWN',
];

/** The refusal a ledger failure of a steward's write stands for; undefined: not a refusal (an outage or a defect). */
function refusalOf(error: unknown): StewardRefusal | undefined {
  if (error instanceof StewardRefusal) return error;
  if (error instanceof WrongExpectedVersionError) {
    const currentVersion = String(error.actual);
    const message =
      `${error.stream} is at version ${currentVersion}, not ${String(error.expected)}: it changed since you read it. ` +
      `Nothing was recorded; read its history and decide again against version ${currentVersion}.`;
    return new StewardRefusal({ error: 'stale_version', message, stream: error.stream, currentVersion }, { cause: error });
  }
  // A rule naming what the catalog does not hold is a malformed request (its message names the field), not a refused change.
  if (error instanceof LedgerError && error.code === 'ALERT_SUBJECT_NOT_IN_CATALOG') {
    return new StewardRefusal({ error: 'invalid_request', message: error.message }, { cause: error });
  }
  if (error instanceof LedgerError && REFUSALS.includes(error.code)) {
    return new StewardRefusal({ error: 'refused', message: error.message }, { cause: error });
  }
  return undefined;
}

/** Maps a steward's write that failed to HTTP, once, at the edge: refusals 400/409/422, an unreachable ledger 503, else 500. */
@Catch(StewardRefusal, LedgerError, EventStoreError)
export class StewardErrorsFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const refusal = refusalOf(error);
    if (refusal) return void reply.status(refusal.status).send(refusal.body);
    const answer = auditorAnswer(error);
    if (answer) return void reply.status(answer.status).send(answer.body);
    // Not the steward's doing (a ledger that refuses this gateway's user, a defect): the caller gets no detail, the operator does.
    Logger.error(`a steward's write failed: ${error instanceof Error ? error.message : String(error)}`, 'Stewards');
    void reply.status(500).send({ statusCode: 500, message: 'Internal server error' });
  }
}
