import type { AggregatesChanged } from '@govmetrics/contracts';
import type { Bucket } from '@govmetrics/projection';
import { Subject } from 'rxjs';
import { StreamEventIds } from '../stream-replay/stream-event-ids';
import { type IdentifiedAggregateEvent, SharedLiveAggregates } from './shared-live-aggregates';

const moph: Bucket = { platform: 'gdx', metric: 'api_calls', agency: 'moph', day: '2021-03-01' };
const announced = (lastOffset: number): AggregatesChanged => ({
  topic: 't',
  partition: 0,
  lastOffset: String(lastOffset),
  touched: [moph],
  projectedAt: '2021-03-01T03:00:00.000Z',
});
const settle = (ms: number) => new Promise((later) => setTimeout(later, ms));
const noLinger = () => ({ ids: new StreamEventIds('a1'), capacity: 100, lingerMs: 0 });
/** A read model whose moph bucket gains one event per read. */
const growing = () => {
  let events = 0;
  return jest.fn((buckets: Bucket[]) => Promise.resolve(buckets.map((bucket) => ({ ...bucket, total: ++events, events }))));
};
const eventsOf = (seen: IdentifiedAggregateEvent[]) => seen.map((event) => (event.type === 'aggregate' ? event.data.events : event.type));

describe(SharedLiveAggregates.name, () => {
  it('runs one watch per distinct filter, started by its first stream and stopped with its last', () => {
    const shared = new SharedLiveAggregates(
      new Subject<AggregatesChanged>(),
      { read: () => Promise.resolve([]), tickMs: 10, onReadFailure: jest.fn() },
      noLinger(),
    );
    const first = shared.follow({ platform: 'gdx', metric: 'api_calls' }).subscribe();
    const second = shared.follow({ platform: 'gdx', metric: 'api_calls', agency: undefined }).subscribe();
    const other = shared.follow({ platform: 'gdx' }).subscribe();
    expect(shared.watching).toBe(2);
    first.unsubscribe();
    expect(shared.watching).toBe(2);
    second.unsubscribe();
    other.unsubscribe();
    expect(shared.watching).toBe(0);
  });

  it('gives a stream opened after the last one closed a fresh watch that reads again', async () => {
    const announcements = new Subject<AggregatesChanged>();
    const read = jest.fn((buckets: Bucket[]) => Promise.resolve(buckets.map((bucket) => ({ ...bucket, total: 1, events: 1 }))));
    const shared = new SharedLiveAggregates(announcements, { read, tickMs: 10, onReadFailure: jest.fn() }, noLinger());
    const seen: unknown[] = [];
    shared
      .follow({ platform: 'gdx' })
      .subscribe((event) => seen.push(event))
      .unsubscribe();
    const again = shared.follow({ platform: 'gdx' }).subscribe((event) => seen.push(event));
    announcements.next(announced(1));
    await settle(40);
    again.unsubscribe();
    expect(read).toHaveBeenCalledTimes(1);
    expect(seen).toHaveLength(1);
  });

  it('replays to a client reconnecting with Last-Event-ID what its filter sent while it was away, then goes on live, nothing twice', async () => {
    // Given two dashboards on gdx, one of which saw the first update and disconnected
    const announcements = new Subject<AggregatesChanged>();
    const shared = new SharedLiveAggregates(announcements, { read: growing(), tickMs: 10, onReadFailure: jest.fn() }, noLinger());
    const stays = shared.follow({ platform: 'gdx' }).subscribe();
    const before: IdentifiedAggregateEvent[] = [];
    const away = shared.follow({ platform: 'gdx' }).subscribe((event) => before.push(event));
    announcements.next(announced(1));
    await settle(40);
    away.unsubscribe();
    // When two more updates come while it is away, and it reconnects naming the last id it saw
    for (const offset of [2, 3]) {
      announcements.next(announced(offset));
      await settle(40);
    }
    const after: IdentifiedAggregateEvent[] = [];
    const back = shared.follow({ platform: 'gdx' }, before.at(-1)!.id).subscribe((event) => after.push(event));
    announcements.next(announced(4));
    await settle(40);
    back.unsubscribe();
    stays.unsubscribe();
    // Then it got the two it missed, then the live one, each once, with rising ids
    expect(eventsOf(before)).toEqual([1]);
    expect(eventsOf(after)).toEqual([2, 3, 4]);
    expect(after.map((event) => event.id)).toEqual(['a1-2', 'a1-3', 'a1-4']);
  });

  it('keeps a filter’s watch and what it sent for lingerMs after its last stream, so a lone dashboard resumes', async () => {
    const announcements = new Subject<AggregatesChanged>();
    const read = growing();
    const shared = new SharedLiveAggregates(
      announcements,
      { read, tickMs: 10, onReadFailure: jest.fn() },
      { ids: new StreamEventIds('b2'), capacity: 100, lingerMs: 200 },
    );
    const seen: IdentifiedAggregateEvent[] = [];
    const lone = shared.follow({ platform: 'gdx' }).subscribe((event) => seen.push(event));
    announcements.next(announced(1));
    await settle(40);
    lone.unsubscribe();
    // While nobody watches, the watch still reads what is announced
    announcements.next(announced(2));
    await settle(40);
    expect(shared.watching).toBe(1);
    const resumed: IdentifiedAggregateEvent[] = [];
    shared
      .follow({ platform: 'gdx' }, seen.at(-1)!.id)
      .subscribe((event) => resumed.push(event))
      .unsubscribe();
    expect(eventsOf(resumed)).toEqual([2]);
    // And past the linger it stops, and holds nothing more
    await settle(300);
    expect(shared.watching).toBe(0);
  });

  it('answers replay_gap first when what the client missed was pushed out of the buffer, or the id is another gateway’s', async () => {
    const announcements = new Subject<AggregatesChanged>();
    const shared = new SharedLiveAggregates(
      announcements,
      { read: growing(), tickMs: 10, onReadFailure: jest.fn() },
      { ids: new StreamEventIds('c3'), capacity: 2, lingerMs: 0 },
    );
    const stays = shared.follow({ platform: 'gdx' }).subscribe();
    for (const offset of [1, 2, 3, 4]) {
      announcements.next(announced(offset));
      await settle(40);
    }
    const resumed = (lastEventId: string) => {
      const seen: IdentifiedAggregateEvent[] = [];
      shared
        .follow({ platform: 'gdx' }, lastEventId)
        .subscribe((event) => seen.push(event))
        .unsubscribe();
      return seen;
    };
    expect(eventsOf(resumed('c3-2'))).toEqual([3, 4]);
    expect(resumed('c3-1')).toEqual([{ type: 'replay_gap', id: 'c3-4', data: { lastEventId: 'c3-1', message: expect.stringMatching(/not held.*re-read/) } }]);
    expect(eventsOf(resumed('ffff-3'))).toEqual(['replay_gap']);
    stays.unsubscribe();
  });
});
