/** An event as appended: its type and JSON data, with optional metadata (who, why, correlation). */
export interface NewEvent {
  type: string;
  data: unknown;
  metadata?: Record<string, unknown>;
}

/** An event as stored. `position` orders all events of the store; `revision` orders one stream, from 0. */
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
  nextRevision: bigint;
  position: bigint;
}

export interface Subscription {
  close(): Promise<void>;
}

/** The governance ledger's store: low volume, strongly ordered, optimistic concurrency. */
export interface EventStore {
  append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  readStream(stream: string, options?: { fromRevision?: bigint }): Promise<RecordedEvent[]>;
  readAll(options?: { fromPosition?: bigint; limit?: number }): Promise<RecordedEvent[]>;
  /** Delivers every event after `fromPosition` (all when absent), then new ones as they are appended, in order. */
  subscribeToAll(onEvent: (event: RecordedEvent) => Promise<void>, options?: { fromPosition?: bigint }): Promise<Subscription>;
  close(): Promise<void>;
}
