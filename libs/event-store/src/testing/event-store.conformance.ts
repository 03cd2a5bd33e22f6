import { randomUUID } from 'node:crypto';
import { EventStoreError, WrongExpectedVersionError } from '../event-store.errors';
import type { AppendResult, EventStore, NewEvent, RecordedEvent } from '../event-store.port';

/** A store under test and how to throw its storage away afterwards. */
export interface OpenedEventStore {
  store: EventStore;
  dispose(): Promise<void>;
}

const event = (type: string, n: number): NewEvent => ({
  type,
  data: { n, label: `ตัวชี้วัด ${n}`, nested: { list: [1, 2.5, null, 'x'], flag: true } },
  metadata: { who: 'auditor@dga.or.th', why: `step ${n}` },
});

const collect = (into: RecordedEvent[]) => (e: RecordedEvent) => {
  into.push(e);
  return Promise.resolve();
};

async function eventually<T>(read: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The behaviour every EventStore adapter must show. Streams get unique names, so the suite also holds on a store
 * shared with other writers (a KurrentDB server): reads of `$all` are filtered down to this run's streams.
 */
export function eventStoreConformance(open: () => Promise<OpenedEventStore>): void {
  let opened: OpenedEventStore;
  let store: EventStore;
  let prefix: string;
  const stream = (name: string) => `${prefix}-${name}`;
  const ours = (events: RecordedEvent[]) => events.filter((e) => e.stream.startsWith(prefix));

  beforeEach(async () => {
    opened = await open();
    store = opened.store;
    prefix = `conf${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  });

  afterEach(async () => {
    await store.close();
    await opened.dispose();
  });

  describe('streams', () => {
    it('reads back appended events in revision order with type, data and metadata intact', async () => {
      const s = stream('order');
      const first = await store.append(s, [event('A', 0), event('B', 1)], 'no_stream');
      const second = await store.append(s, [event('C', 2)], first.nextRevision);

      expect(first.nextRevision).toBe(1n);
      expect(second.nextRevision).toBe(2n);
      const read = await store.readStream(s);
      expect(read.map((e) => [e.stream, e.revision, e.type])).toEqual([
        [s, 0n, 'A'],
        [s, 1n, 'B'],
        [s, 2n, 'C'],
      ]);
      expect(read[2]).toMatchObject({ data: event('C', 2).data, metadata: event('C', 2).metadata });
      expect(read[2]?.position).toBe(second.position);
      expect(read[2]?.recordedAt).toBeInstanceOf(Date);
    });

    it('reads a stream from a revision on', async () => {
      const s = stream('from');
      await store.append(s, [event('A', 0), event('B', 1), event('C', 2)], 'no_stream');
      expect((await store.readStream(s, { fromRevision: 1n })).map((e) => e.type)).toEqual(['B', 'C']);
    });

    it('reads a stream that does not exist as empty', async () => {
      await expect(store.readStream(stream('missing'))).resolves.toEqual([]);
    });

    it('rejects an append with no events', async () => {
      await expect(store.append(stream('empty'), [], 'any')).rejects.toBeInstanceOf(EventStoreError);
    });
  });

  describe('optimistic concurrency', () => {
    it('rejects no_stream for a stream that exists, naming expected and actual', async () => {
      const s = stream('exists');
      await store.append(s, [event('A', 0), event('B', 1)], 'no_stream');
      const error = await store.append(s, [event('C', 2)], 'no_stream').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect(error).toMatchObject({ code: 'WRONG_EXPECTED_VERSION', stream: s, expected: 'no_stream', actual: 1n, retriable: false });
    });

    it('rejects a stale revision and a revision for a stream that does not exist', async () => {
      const s = stream('stale');
      await store.append(s, [event('A', 0), event('B', 1)], 'no_stream');
      await expect(store.append(s, [event('C', 2)], 0n)).rejects.toMatchObject({ expected: 0n, actual: 1n });
      await expect(store.append(stream('nothing'), [event('A', 0)], 0n)).rejects.toMatchObject({ expected: 0n, actual: 'no_stream' });
      expect(await store.readStream(s)).toHaveLength(2);
    });

    it('appends with any whatever the stream holds', async () => {
      const s = stream('any');
      await store.append(s, [event('A', 0)], 'any');
      await expect(store.append(s, [event('B', 1)], 'any')).resolves.toMatchObject({ nextRevision: 1n });
    });

    it('lets exactly one of concurrent appends with the same expected revision win, and the winner whole', async () => {
      const s = stream('race');
      let { nextRevision } = await store.append(s, [event('A', 0)], 'no_stream');
      // Several rounds: later ones run on warm connections, where the appends really overlap.
      for (let round = 0; round < 4; round++) {
        const writers = Array.from({ length: 5 }, (_, i) => store.append(s, [event(`W${round}.${i}`, 1), event(`W${round}.${i}`, 2)], nextRevision));
        const results = await Promise.allSettled(writers);
        const won = results.filter((r): r is PromiseFulfilledResult<AppendResult> => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won).toHaveLength(1);
        for (const loss of lost) expect(loss.reason).toBeInstanceOf(WrongExpectedVersionError);
        nextRevision = won[0]!.value.nextRevision;
      }
      const types = (await store.readStream(s)).map((e) => e.type);
      expect(types).toHaveLength(9);
      for (let i = 1; i < types.length; i += 2) expect(types[i]).toBe(types[i + 1]);
    });
  });

  describe('$all', () => {
    it('orders every stream by strictly increasing position', async () => {
      await store.append(stream('a'), [event('A1', 0)], 'no_stream');
      await store.append(stream('b'), [event('B1', 0), event('B2', 1)], 'no_stream');
      await store.append(stream('a'), [event('A2', 1)], 0n);

      const all = ours(await store.readAll());
      expect(all.map((e) => e.type)).toEqual(['A1', 'B1', 'B2', 'A2']);
      for (let i = 1; i < all.length; i++) expect(all[i]!.position > all[i - 1]!.position).toBe(true);
    });

    it('reads after a checkpoint position, at most the limit', async () => {
      await store.append(stream('a'), [event('A1', 0), event('A2', 1), event('A3', 2)], 'no_stream');
      const [first] = ours(await store.readAll());

      const after = ours(await store.readAll({ fromPosition: first!.position }));
      expect(after.map((e) => e.type)).toEqual(['A2', 'A3']);
      const page = await store.readAll({ fromPosition: first!.position, limit: 1 });
      expect(page).toHaveLength(1);
      expect(page[0]!.position > first!.position).toBe(true);
    });
  });

  describe('subscription to $all', () => {
    it('catches up on past events, then delivers new ones live, in order', async () => {
      const marker = await store.append(stream('marker'), [event('M', 0)], 'no_stream');
      await store.append(stream('s'), [event('P1', 0), event('P2', 1)], 'no_stream');
      const seen: RecordedEvent[] = [];
      const subscription = await store.subscribeToAll(collect(seen), { fromPosition: marker.position });

      await eventually(() => (ours(seen).length >= 2 ? true : undefined));
      await store.append(stream('s'), [event('L1', 2)], 1n);
      await store.append(stream('t'), [event('L2', 0)], 'no_stream');
      await eventually(() => (ours(seen).length >= 4 ? true : undefined));
      await subscription.close();

      expect(ours(seen).map((e) => e.type)).toEqual(['P1', 'P2', 'L1', 'L2']);
      for (let i = 1; i < seen.length; i++) expect(seen[i]!.position > seen[i - 1]!.position).toBe(true);
    });

    it('ends with the error of a handler that throws', async () => {
      await store.append(stream('s'), [event('A', 0)], 'no_stream');
      const failure = new Error('handler failed');
      const subscription = await store.subscribeToAll(() => Promise.reject(failure));
      await expect(subscription.ended).rejects.toBe(failure);
      await subscription.close();
    });

    it('closes idempotently, then delivers nothing more', async () => {
      const marker = await store.append(stream('marker'), [event('M', 0)], 'no_stream');
      const seen: RecordedEvent[] = [];
      const subscription = await store.subscribeToAll(collect(seen), { fromPosition: marker.position });
      await subscription.close();
      await subscription.close();
      await expect(subscription.ended).resolves.toBeUndefined();

      await store.append(stream('after'), [event('X', 0)], 'no_stream');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(ours(seen)).toEqual([]);
    });
  });

  describe('close', () => {
    it('is idempotent and ends open subscriptions; later calls fail as closed', async () => {
      const subscription = await store.subscribeToAll(() => Promise.resolve());
      await store.close();
      await store.close();
      await expect(subscription.ended).resolves.toBeUndefined();
      await expect(store.append(stream('late'), [event('A', 0)], 'any')).rejects.toMatchObject({ code: 'EVENT_STORE_CLOSED' });
    });
  });
}
