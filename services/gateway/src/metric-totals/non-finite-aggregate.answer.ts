import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import { NonFiniteAggregateError } from '@govmetrics/clickhouse';
import type { NonFiniteAggregate } from '@govmetrics/contracts';

/**
 * The body of 500 `non_finite_aggregate`: the read model holds a sum the server cannot represent. A 5xx because it is
 * not the caller's doing and operators must see it; never a 2xx with 0, which a KPI would silently take.
 */
export function nonFiniteAggregateAnswer({ message, selection }: NonFiniteAggregateError): NonFiniteAggregate {
  const agency = selection.agencies?.length === 1 ? selection.agencies[0]! : null;
  return {
    error: 'non_finite_aggregate',
    message,
    platform: selection.platform,
    metric: selection.metric,
    agency,
    from: selection.fromDay,
    to: selection.toDay,
  };
}

/** Answers a read that met a non-finite aggregate with 500 `non_finite_aggregate` naming it. */
@Catch(NonFiniteAggregateError)
export class NonFiniteAggregateFilter implements ExceptionFilter {
  catch(error: NonFiniteAggregateError, host: ArgumentsHost): void {
    host.switchToHttp().getResponse<{ status(code: number): { send(body: unknown): unknown } }>().status(500).send(nonFiniteAggregateAnswer(error));
  }
}
