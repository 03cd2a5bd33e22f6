import type { ArgumentsHost, RpcExceptionFilter } from '@nestjs/common';
import { Catch } from '@nestjs/common';
import { type Observable, throwError } from 'rxjs';

/**
 * Hands a message handler's error to the transport as it was thrown. Nest's default RPC filter replaces any error
 * that is not an RpcException by `{ status: 'error', message: 'Internal server error' }`, which would hide from
 * `KafkaBatchTransport` whether the records were poison. Install it with `app.useGlobalFilters(new KeepRpcErrors())`.
 */
@Catch()
export class KeepRpcErrors implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}
