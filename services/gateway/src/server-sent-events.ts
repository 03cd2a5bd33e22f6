import type { MessageEvent } from '@nestjs/common';
import { interval, map, merge, type Observable } from 'rxjs';

/** A stream's events with `event: heartbeat` every `everyMs`, so that proxies and dashboards can tell a quiet stream from a dead one. */
export const withHeartbeats = (events: Observable<MessageEvent>, everyMs: number): Observable<MessageEvent> =>
  merge(events, interval(everyMs).pipe(map((): MessageEvent => ({ type: 'heartbeat', data: { at: new Date().toISOString() } }))));
