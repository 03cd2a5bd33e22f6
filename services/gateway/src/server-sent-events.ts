import type { MessageEvent } from '@nestjs/common';
import { defer, interval, map, merge, type Observable, tap } from 'rxjs';

/**
 * A stream's events with `event: heartbeat` every `everyMs`, so that proxies and dashboards can tell a quiet stream from a
 * dead one. A heartbeat carries the id of the last event sent (at first `startId()`, read when the stream opens), so a
 * client that reconnects after one names where it stood, not a number the HTTP layer made up.
 */
export const withHeartbeats = (events: Observable<MessageEvent>, everyMs: number, startId: () => string): Observable<MessageEvent> =>
  defer(() => {
    let position = startId();
    const sent = events.pipe(
      tap((event) => {
        if (event.id !== undefined) position = event.id;
      }),
    );
    return merge(sent, interval(everyMs).pipe(map((): MessageEvent => ({ id: position, type: 'heartbeat', data: { at: new Date().toISOString() } }))));
  });
