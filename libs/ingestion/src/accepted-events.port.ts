import { DependencyError } from '@govmetrics/contracts';

/** (source, id) of an event, the identity the intake deduplicates by. */
export interface EventIdentity {
  source: string;
  id: string;
}

/** An event being claimed: its identity and its {@link contentDigest}. */
export interface EventClaim extends EventIdentity {
  digest: string;
}

/** What the registry remembers of an event accepted before. */
export interface PriorAcceptance {
  digest: string;
  acceptedAt: Date;
}

/** Events accepted before (by an earlier batch or a concurrent one), by dedup key (see `dedupKey`). */
export type PriorAcceptances = ReadonlyMap<string, PriorAcceptance>;

/** What {@link AcceptedEventsRegistry.acceptOnce} learnt. */
export interface AcceptOnceOutcome {
  /** The claimed events accepted before: not published, answered `duplicate` or, with another digest, rejected. */
  accepted: PriorAcceptances;
  /**
   * Settles once the record is committed. The caller need not wait: until then the claim holds every concurrent claim
   * of the same events back. A rejection means the events are durable but unrecorded: only future `duplicate` answers are weaker.
   */
  recorded: Promise<void>;
}

/**
 * The intake's memory of every event it accepted, by (source, id), with the digest of its content. An event is
 * remembered only once its publication succeeded, so an event that was never durable is never remembered.
 */
export interface AcceptedEventsRegistry {
  /**
   * Claims `events`, then calls `publish` with those accepted before (which it must not publish), and keeps the claim
   * only if `publish` resolved: a throwing `publish` leaves no trace and rejects the call. A concurrent batch claiming the
   * same event waits for this one's outcome, so an event is published by one batch only.
   */
  acceptOnce(events: readonly EventClaim[], publish: (acceptedBefore: PriorAcceptances) => Promise<void>): Promise<AcceptOnceOutcome>;
}

/** Reads the registry's record of one event: what `GET /v1/events/:id` answers a platform. */
export interface AcceptedEventsLookup {
  /** The committed acceptance of (source, id), or undefined when there is none (never sent, only rejected, or still in flight). */
  find(event: EventIdentity): Promise<PriorAcceptance | undefined>;
}

/** The registry could not answer; a batch must not be judged without its memory of accepted events. */
export class IdempotencyStoreUnavailableError extends DependencyError {
  readonly code = 'IDEMPOTENCY_STORE_UNAVAILABLE';
}
