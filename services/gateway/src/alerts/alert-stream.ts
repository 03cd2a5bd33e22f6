import type { MessageEvent } from '@nestjs/common';
import type { AlertView } from '@govmetrics/contracts';
import type { Subscription } from '@govmetrics/event-store';
import type { LedgerEntry } from '@govmetrics/ledger';
import { AlertBoard, Ledger } from '@govmetrics/ledger';
import { Observable } from 'rxjs';
import type { LedgerSource } from '../auditor/ledger-source';

/**
 * Every alert change as `event: alert` (data: the alert as it stands, id: the ledger position of the change), from
 * the ledger itself: ids hold across gateway restarts and replicas. Without `after`, first every alert as it stands
 * (id: the newest position read); with it, only the changes recorded after that position; then each new one.
 */
export function alertStream(source: LedgerSource, after: bigint | undefined, wanted: (alert: AlertView) => boolean): Observable<MessageEvent> {
  return new Observable<MessageEvent>((subscriber) => {
    let subscription: Subscription | undefined;
    let closed = false;
    const send = (alert: AlertView, id: bigint) => {
      if (wanted(alert)) subscriber.next({ id: String(id), type: 'alert', data: alert });
    };
    const board = new AlertBoard();
    const follow = (entry: LedgerEntry) => {
      const change = board.apply(entry);
      if (change) send(change.alert, entry.position);
    };
    const open = async () => {
      const ledger = new Ledger(await source.store());
      const entries = await ledger.readAll();
      const head = entries.at(-1)?.position;
      for (const entry of entries) {
        if (after === undefined || entry.position <= after) board.apply(entry);
        else follow(entry);
      }
      if (after === undefined) board.list().forEach((alert) => send(alert, head ?? 0n));
      const following = await ledger.subscribe((entry) => Promise.resolve(follow(entry)), head);
      if (closed) return void following.close();
      subscription = following;
      following.ended.catch((error: unknown) => subscriber.error(error));
    };
    open().catch((error: unknown) => subscriber.error(error));
    return () => {
      closed = true;
      void subscription?.close();
    };
  });
}
