/** (source, id) of an event, the identity the intake deduplicates by. */
export interface EventIdentity {
  source: string;
  id: string;
}

/** What {@link AcceptedEventsRegistry.acceptOnce} learnt. */
export interface AcceptOnceOutcome {
  /** Dedup keys (see `dedupKey`) of the events accepted before, by an earlier batch or a concurrent one: not published. */
  alreadyAccepted: Set<string>;
  /** Set when `publish` succeeded but the record could not be committed: the events are durable, only future `duplicate` answers are weaker. */
  unrecorded?: Error;
}

/**
 * The intake's memory of every event it accepted, by (source, id). An event is remembered only once its
 * publication succeeded, so an event that was never durable is never remembered.
 */
export interface AcceptedEventsRegistry {
  /**
   * Claims `events`, then calls `publish` with the keys of those accepted before (which it must not publish), and
   * keeps the claim only if `publish` resolved: a throwing `publish` leaves no trace. A concurrent batch claiming the
   * same event waits for this one's outcome, so an event is published by one batch only.
   */
  acceptOnce(events: readonly EventIdentity[], publish: (alreadyAccepted: ReadonlySet<string>) => Promise<void>): Promise<AcceptOnceOutcome>;
}
