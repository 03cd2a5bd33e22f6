import type { AggregatesChanged, AggregateUpdate } from '@govmetrics/contracts';
import type { Bucket, BucketReading } from '@govmetrics/projection';
import { filter, firstValueFrom, map, type Observable, Subject, take, toArray } from 'rxjs';
import { type LiveAggregateEvent, liveAggregates } from './live-aggregates';

const moph: Bucket = { platform: 'gdx', metric: 'api_calls', agency: 'moph', day: '2021-03-01' };
const announced = (lastOffset: number, touched: Bucket[] = [moph]): AggregatesChanged => ({
  topic: 't',
  partition: 0,
  lastOffset: String(lastOffset),
  touched,
  projectedAt: '2021-03-01T03:00:00.000Z',
});
const settle = (ms: number) => new Promise((later) => setTimeout(later, ms));
const updatesOf = (events: Observable<LiveAggregateEvent>): Observable<AggregateUpdate> =>
  events.pipe(
    filter((event) => event.type === 'aggregate'),
    map((event) => event.data),
  );

describe(liveAggregates.name, () => {
  it('reads the buckets of many announcements within one tick once, and sends the newest value tagged with the newest offset', async () => {
    // Given a stream of gdx with a tick of 50 ms, over a read model whose moph bucket holds 30 from 3 events
    const announcements = new Subject<AggregatesChanged>();
    const read = jest.fn((buckets: Bucket[]) => Promise.resolve(buckets.map((bucket): BucketReading => ({ ...bucket, total: 30, events: 3 }))));
    const first = firstValueFrom(updatesOf(liveAggregates(announcements, { platform: 'gdx' }, { read, tickMs: 50, onReadFailure: jest.fn() })));
    // When three announcements touch the bucket within the tick
    for (const offset of [7, 9, 8]) announcements.next(announced(offset));
    // Then one read, one update, carrying the newest announcement
    const update: AggregateUpdate = await first;
    expect(read).toHaveBeenCalledTimes(1);
    expect(read).toHaveBeenCalledWith([moph]);
    expect(update).toMatchObject({ ...moph, total: 30, events: 3, announcement: { lastOffset: '9' } });
  });

  it('reads again at a later tick after a failed read, losing nothing', async () => {
    // Given a read model that fails once, then answers
    const announcements = new Subject<AggregatesChanged>();
    const read = jest
      .fn()
      .mockRejectedValueOnce(new Error('ClickHouse down'))
      .mockResolvedValue([{ ...moph, total: 12, events: 2 }]);
    const onReadFailure = jest.fn();
    const first = firstValueFrom(updatesOf(liveAggregates(announcements, { platform: 'gdx', metric: 'api_calls' }, { read, tickMs: 20, onReadFailure })));
    // When one announcement arrives
    announcements.next(announced(4));
    // Then the failure is reported and the bucket is sent after the next read
    await expect(first).resolves.toMatchObject({ ...moph, total: 12, events: 2, announcement: { lastOffset: '4' } });
    expect(onReadFailure).toHaveBeenCalledTimes(1);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('runs one read at a time and never sends a value older than one it sent', async () => {
    // Given a slow first read (an older value) and a fast second one
    const announcements = new Subject<AggregatesChanged>();
    let calls = 0;
    let inFlight = 0;
    let mostInFlight = 0;
    const read = (buckets: Bucket[]): Promise<BucketReading[]> => {
      calls += 1;
      const events = calls;
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      return settle(events === 1 ? 80 : 5).then(() => {
        inFlight -= 1;
        return buckets.map((bucket) => ({ ...bucket, total: events * 10, events }));
      });
    };
    const updates = firstValueFrom(
      updatesOf(liveAggregates(announcements, { platform: 'gdx' }, { read, tickMs: 10, onReadFailure: jest.fn() })).pipe(take(2), toArray()),
    );
    // When announcements keep coming while the first read runs
    announcements.next(announced(1));
    await settle(30);
    announcements.next(announced(2));
    // Then reads did not overlap and the updates rose
    expect((await updates).map((update) => update.events)).toEqual([1, 2]);
    expect(mostInFlight).toBe(1);
  });

  it('sends nothing for buckets outside its filter and reads nothing for them', async () => {
    const announcements = new Subject<AggregatesChanged>();
    const read = jest.fn(() => Promise.resolve([]));
    const subscription = liveAggregates(announcements, { platform: 'mailgothai' }, { read, tickMs: 10, onReadFailure: jest.fn() }).subscribe();
    announcements.next(announced(1));
    await settle(40);
    subscription.unsubscribe();
    expect(read).not.toHaveBeenCalled();
  });

  it('sends aggregate_error for a bucket whose sum is not finite, and keeps sending the finite buckets of the same read', async () => {
    const mof: Bucket = { ...moph, agency: 'mof' };
    const announcements = new Subject<AggregatesChanged>();
    const read = jest.fn(() =>
      Promise.resolve([
        { ...moph, total: Number.NaN, events: 2 },
        { ...mof, total: 5, events: 1 },
      ]),
    );
    const events = firstValueFrom(liveAggregates(announcements, { platform: 'gdx' }, { read, tickMs: 10, onReadFailure: jest.fn() }).pipe(take(2), toArray()));
    announcements.next(announced(3, [moph, mof]));
    expect(await events).toEqual([
      { type: 'aggregate', data: expect.objectContaining({ agency: 'mof', total: 5, events: 1 }) },
      { type: 'aggregate_error', data: expect.objectContaining({ error: 'non_finite_aggregate', agency: 'moph', events: 2 }) },
    ]);
  });
});
