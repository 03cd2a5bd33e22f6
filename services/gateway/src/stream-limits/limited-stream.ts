import { HttpException, HttpStatus } from '@nestjs/common';
import { defer, finalize, type Observable, takeUntil } from 'rxjs';
import type { StreamSlots } from './stream-slots';

/**
 * The stream, holding one of the client's slots until it ends (the client disconnects, or the gateway begins to stop), or
 * 429 `too_many_streams` when the client or the gateway holds as many as allowed. The slot is taken before the
 * answer starts, so the refusal is a plain JSON answer, not a broken event stream.
 */
export function limitedStream<T>(slots: StreamSlots, client: string, open: () => Observable<T>): Observable<T> {
  const slot = slots.take(client);
  if (!slot.granted) throw new HttpException(slot.refusal, HttpStatus.TOO_MANY_REQUESTS);
  return defer(open).pipe(takeUntil(slots.closing), finalize(slot.release));
}
