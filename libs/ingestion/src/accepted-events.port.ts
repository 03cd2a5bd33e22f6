/** (source, id) of an event, the identity the intake deduplicates by. */
export interface EventIdentity {
  source: string;
  id: string;
}

/** What {@link AcceptedEventsRegistry.acceptOnce} learnt. */
export interface AcceptOnceOutcome {
  /** Dedup keys (see `dedupKey`) of the events accepted before, by an earlier batch or a concurrent one: not published. */
  alreadyAccepted: Set<string>;
  /**
   * Settles once the record is committed. The caller need not wait: until then the claim holds every concurrent claim
   * of the same events back. A rejection means the events are durable but unrecorded: only future `duplicate` answers are weaker.
   */
  recorded: Promise<void>;
}

/**
 * The intake's memory of every event it accepted, by (source, id). An event is remembered only once its
 * publication succeeded, so an event that was never durable is never remembered.
 */
export interface AcceptedEventsRegistry {
  /**
   * Claims `events`, then calls `publish` with the keys of those accepted before (which it must not publish), and
   * keeps the claim only if `publish` resolved: a throwing `publish` leaves no trace and rejects the call. A concurrent batch claiming the
   * same event waits for this one's outcome, so an event is published by one batch only.
   */
  acceptOnce(events: readonly EventIdentity[], publish: (alreadyAccepted: ReadonlySet<string>) => Promise<void>): Promise<AcceptOnceOutcome>;
}
