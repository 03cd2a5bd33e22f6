/** (source, id) of an event, the identity the intake deduplicates by. */
export interface EventIdentity {
  source: string;
  id: string;
}

/**
 * The intake's memory of every event it accepted, by (source, id). Written only after Kafka acknowledged
 * a batch, so an event that was never durable is never remembered.
 */
export interface AcceptedEventsRegistry {
  /** Dedup keys (see `dedupKey`) of those `events` accepted before. */
  findAccepted(events: readonly EventIdentity[]): Promise<Set<string>>;
  /** Remembers `events`; returns the dedup keys another writer had recorded first (a concurrent duplicate). */
  recordAccepted(events: readonly EventIdentity[]): Promise<Set<string>>;
}
