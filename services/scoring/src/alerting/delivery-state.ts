import type { ExpectedRevision } from '@govmetrics/event-store';
import type { LedgerEntry } from '@govmetrics/ledger';

/** A subscription's deliveries as its `notifications:` stream records them. */
export interface DeliveryState {
  /** The stream's revision: a claim is appended against it, so two notifiers cannot both take the same notification. */
  revision: ExpectedRevision;
  /** The ledger position of the newest change with an outcome (delivered or dead-lettered); -1 before any. */
  done: bigint;
  /** The newest claim without an outcome after it, if any. */
  claim?: { position: bigint; leaseUntil: number };
}

/** The ledger position of the change a CloudEvent announces: its id is `<alertId>/<position>`. */
export const positionOf = (eventId: string): bigint => BigInt(eventId.slice(eventId.lastIndexOf('/') + 1));

/** Folds a `notifications:<subscriptionId>` stream (pure): where the subscription's notifier resumes, and who holds what. */
export function deliveryState(entries: readonly LedgerEntry[]): DeliveryState {
  const state: DeliveryState = { revision: entries.at(-1)?.revision ?? 'no_stream', done: -1n };
  for (const entry of entries) {
    if (entry.type === 'NotificationClaimed') state.claim = { position: positionOf(entry.data.eventId), leaseUntil: Date.parse(entry.data.leaseUntil) };
    if (entry.type !== 'NotificationDelivered' && entry.type !== 'NotificationDeadLettered') continue;
    const position = positionOf(entry.data.eventId);
    if (position > state.done) state.done = position;
    if (state.claim && state.claim.position <= position) delete state.claim;
  }
  return state;
}
