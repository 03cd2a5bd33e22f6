import type { AggregatesChanged } from '@govmetrics/contracts';
import type { Bucket } from '@govmetrics/projection';
import { Subject } from 'rxjs';
import { SharedLiveAggregates } from './shared-live-aggregates';

const moph: Bucket = { platform: 'gdx', metric: 'api_calls', agency: 'moph', day: '2021-03-01' };
const announced = (lastOffset: number): AggregatesChanged => ({
  topic: 't',
  partition: 0,
  lastOffset: String(lastOffset),
  touched: [moph],
  projectedAt: '2021-03-01T03:00:00.000Z',
});
const settle = (ms: number) => new Promise((later) => setTimeout(later, ms));

describe(SharedLiveAggregates.name, () => {
  it('runs one watch per distinct filter, started by its first stream and stopped with its last', () => {
    const shared = new SharedLiveAggregates(new Subject<AggregatesChanged>(), { read: () => Promise.resolve([]), tickMs: 10, onReadFailure: jest.fn() });
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
    const shared = new SharedLiveAggregates(announcements, { read, tickMs: 10, onReadFailure: jest.fn() });
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
});
