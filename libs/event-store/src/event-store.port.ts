/** An event as appended: its type and JSON data, with optional metadata (who, why, correlation). */
export interface NewEvent {
  type: string;
  data: unknown;
  metadata?: Record<string, unknown>;
}

/**
 * An event as stored. `position` orders all events of the store (greater is later, not necessarily contiguous);
 * `revision` orders one stream, contiguous from 0.
 */
export interface RecordedEvent extends NewEvent {
  stream: string;
  revision: bigint;
  position: bigint;
  recordedAt: Date;
}

/**
 * What the writer believes the stream's last revision is: `'no_stream'` for a new stream, `'any'` to skip
 * the check. A mismatch rejects the append with a `WrongExpectedVersionError`.
 */
export type ExpectedRevision = bigint | 'no_stream' | 'any';

export interface AppendResult {
  /** Revision of the last event appended: the expected revision of the next append. */
  nextRevision: bigint;
  /** Position of the last event appended. */
  position: bigint;
}

export interface ReadAllOptions {
  /** Only events after this position (a checkpoint: the position of the last event already handled). */
  fromPosition?: bigint;
  /** At most this many events; all when absent. */
  limit?: number;
}

export interface SubscribeOptions {
  /** Only events after this position; every event when absent. */
  fromPosition?: bigint;
}

export interface Subscription {
  /** Stops delivery; resolves once no handler call is running. Calling it again does nothing. */
  close(): Promise<void>;
  /** Settles when delivery stops: resolves after `close()`, rejects with the error of a failed handler or read. */
  readonly ended: Promise<void>;
}

/** The governance ledger's store: low volume, strongly ordered, optimistic concurrency. */
export interface EventStore {
  /** Appends atomically: all events or none. Rejects with `WrongExpectedVersionError` when `expected` is stale. */
  append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /** The stream's events in revision order; `[]` for a stream that does not exist. */
  readStream(stream: string, options?: { fromRevision?: bigint }): Promise<RecordedEvent[]>;
  /** Events of every stream in position order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * Delivers every event after `fromPosition` (all when absent), then new ones as they are appended, in
   * position order, one handler call at a time. A handler that throws ends the subscription (see `ended`).
   */
  subscribeToAll(onEvent: (event: RecordedEvent) => Promise<void>, options?: SubscribeOptions): Promise<Subscription>;
  /** Releases connections and ends open subscriptions. Calling it again does nothing. */
  close(): Promise<void>;
}
