import type * as Port from '@govmetrics/event-store';
import { EventStoreClosedError, assertAppendable } from '@govmetrics/event-store';
import type { AllStreamResolvedEvent, AllStreamSubscription, JSONType, ResolvedEvent } from '@kurrent/kurrentdb-client';
import {
  ANY,
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  NO_STREAM,
  START,
  StreamNotFoundError,
  excludeSystemEvents,
  jsonEvent,
} from '@kurrent/kurrentdb-client';
import { recordedEvent } from '../recorded-event';
import { toKurrentStoreError } from './kurrentdb-errors';
import { packPosition, unpackPosition } from './kurrentdb-position';

export interface KurrentDbEventStoreOptions {
  /** e.g. `kurrentdb://127.0.0.1:2113?tls=false`. */
  connectionString: string;
}

function toEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): Port.RecordedEvent | undefined {
  const event = resolved.event;
  // Links and system events are KurrentDB's bookkeeping, not events anyone appended through the port.
  if (event === undefined || !event.isJson || event.type.startsWith('$') || event.position === undefined) return undefined;
  const metadata = event.metadata;
  return recordedEvent({
    position: packPosition(event.position),
    stream: event.streamId,
    revision: event.revision,
    type: event.type,
    data: event.data,
    metadata: typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata) && !(metadata instanceof Uint8Array) ? metadata : undefined,
    recordedAt: event.created,
  });
}

const streamState = (expected: Port.ExpectedRevision) => (expected === 'no_stream' ? NO_STREAM : expected === 'any' ? ANY : expected);

/** The event store on a KurrentDB (EventStoreDB) server, through its gRPC client. */
export class KurrentDbEventStore implements Port.EventStore {
  private readonly subscriptions = new Set<Port.Subscription>();
  private closing: Promise<void> | undefined;

  private constructor(private readonly client: KurrentDBClient) {}

  static open(options: KurrentDbEventStoreOptions): Promise<KurrentDbEventStore> {
    try {
      return Promise.resolve(new KurrentDbEventStore(KurrentDBClient.connectionString(options.connectionString)));
    } catch (error) {
      return Promise.reject(toKurrentStoreError('parse the KurrentDB connection string', error));
    }
  }

  async append(stream: string, events: readonly Port.NewEvent[], expected: Port.ExpectedRevision): Promise<Port.AppendResult> {
    this.assertOpen('append');
    assertAppendable(stream, events);
    try {
      const result = await this.client.appendToStream(
        stream,
        events.map((e) => jsonEvent({ type: e.type, data: (e.data ?? null) as JSONType, metadata: e.metadata })),
        { streamState: streamState(expected) },
      );
      const position = result.position === undefined ? await this.lastPosition(stream) : packPosition(result.position);
      return { nextRevision: result.nextExpectedRevision, position };
    } catch (error) {
      throw toKurrentStoreError(`append to "${stream}"`, error, { stream, expected });
    }
  }

  async readStream(stream: string, options: { fromRevision?: bigint } = {}): Promise<Port.RecordedEvent[]> {
    this.assertOpen('readStream');
    const events: Port.RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(stream, { fromRevision: options.fromRevision ?? START, direction: FORWARDS })) {
        const event = toEvent(resolved);
        if (event !== undefined) events.push(event);
      }
      return events;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw toKurrentStoreError(`read stream "${stream}"`, error);
    }
  }

  async readAll(options: Port.ReadAllOptions = {}): Promise<Port.RecordedEvent[]> {
    this.assertOpen('readAll');
    const after = options.fromPosition;
    const events: Port.RecordedEvent[] = [];
    try {
      const read = this.client.readAll({
        fromPosition: after === undefined ? START : unpackPosition(after),
        direction: FORWARDS,
        filter: excludeSystemEvents(),
        // The server reads from the position inclusively; one more covers the checkpoint event itself.
        ...(options.limit === undefined ? {} : { maxCount: options.limit + 1 }),
      });
      for await (const resolved of read) {
        const event = toEvent(resolved);
        if (event === undefined || (after !== undefined && event.position <= after)) continue;
        events.push(event);
        if (options.limit !== undefined && events.length >= options.limit) break;
      }
      return events;
    } catch (error) {
      throw toKurrentStoreError('read $all', error);
    }
  }

  subscribeToAll(onEvent: (event: Port.RecordedEvent) => Promise<void>, options: Port.SubscribeOptions = {}): Promise<Port.Subscription> {
    if (this.closing !== undefined) return Promise.reject(new EventStoreClosedError('subscribeToAll'));
    const after = options.fromPosition;
    const native = this.client.subscribeToAll({ fromPosition: after === undefined ? START : unpackPosition(after), filter: excludeSystemEvents() });
    const subscription = deliver(native, onEvent, after);
    this.subscriptions.add(subscription);
    void subscription.ended.finally(() => this.subscriptions.delete(subscription)).catch(() => undefined);
    return Promise.resolve(subscription);
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all([...this.subscriptions].map((s) => s.close()));
      await this.client.dispose();
    })();
    return this.closing;
  }

  private async lastPosition(stream: string): Promise<bigint> {
    for await (const resolved of this.client.readStream(stream, { fromRevision: END, direction: BACKWARDS, maxCount: 1 })) {
      if (resolved.event?.position !== undefined) return packPosition(resolved.event.position);
    }
    throw new Error(`stream "${stream}" has no readable last event after an append`);
  }

  private assertOpen(operation: string): void {
    if (this.closing !== undefined) throw new EventStoreClosedError(operation);
  }
}

/** Feeds a native catch-up subscription to the handler one event at a time; a handler failure ends it. */
function deliver(native: AllStreamSubscription, onEvent: (event: Port.RecordedEvent) => Promise<void>, after: bigint | undefined): Port.Subscription {
  let closed = false;
  let handlerError: unknown;
  const ended = (async () => {
    try {
      for await (const resolved of native as AsyncIterable<AllStreamResolvedEvent>) {
        if (closed) return;
        const event = toEvent(resolved);
        if (event === undefined || (after !== undefined && event.position <= after)) continue;
        await onEvent(event).catch((error: unknown) => {
          handlerError = error;
          throw error;
        });
      }
    } catch (error) {
      if (error === handlerError) throw error;
      if (!closed) throw toKurrentStoreError('subscription to $all', error);
    } finally {
      await native.unsubscribe().catch(() => undefined);
    }
  })();
  ended.catch(() => undefined);
  return {
    ended,
    async close() {
      closed = true;
      await native.unsubscribe().catch(() => undefined);
      await ended.catch(() => undefined);
    },
  };
}
