import type { AggregatesChanged } from '@govmetrics/contracts';
import type { Bucket } from '../touched-buckets';
import { AggregateWatch, type BucketReading, matchesBucket } from './aggregate-watch';

const bucket = (agency = 'moph', day = '2021-03-01', metric = 'api_calls', platform = 'gdx'): Bucket => ({ platform, metric, agency, day });
const announced = (lastOffset: number, touched: Bucket[], partition = 0): AggregatesChanged => ({
  topic: 'usage.events.v1',
  partition,
  lastOffset: String(lastOffset),
  touched,
  projectedAt: '2021-03-01T03:00:00.000Z',
});
const reading = (of: Bucket, total: number, events: number): BucketReading => ({ ...of, total, events });

describe(matchesBucket.name, () => {
  it('takes the platform always, and the metric and agency only when the filter names them', () => {
    expect(matchesBucket({ platform: 'gdx' })(bucket('mof', '2021-01-01', 'datasets'))).toBe(true);
    expect(matchesBucket({ platform: 'gdx', metric: 'api_calls' })(bucket('mof', '2021-01-01', 'datasets'))).toBe(false);
    expect(matchesBucket({ platform: 'gdx', metric: 'api_calls', agency: 'moph' })(bucket('mof'))).toBe(false);
    expect(matchesBucket({ platform: 'gdx', metric: 'api_calls', agency: 'moph' })(bucket('moph'))).toBe(true);
    expect(matchesBucket({ platform: 'mailgothai' })(bucket())).toBe(false);
  });
});

describe(AggregateWatch.name, () => {
  it('notes only the buckets of its filter, and says whether an announcement had one', () => {
    // Given a watcher of gdx/api_calls
    const watch = new AggregateWatch({ platform: 'gdx', metric: 'api_calls' });
    // When one announcement touches only mailgothai and another touches gdx's api_calls and datasets
    expect(watch.note(announced(3, [bucket('moph', '2021-03-01', 'accounts', 'mailgothai')]))).toBe(false);
    expect(watch.hasPending).toBe(false);
    expect(watch.note(announced(4, [bucket('moph'), bucket('moph', '2021-03-01', 'datasets')]))).toBe(true);
    // Then only the api_calls bucket waits to be read
    expect(watch.drain().map((pending) => pending.bucket)).toEqual([bucket('moph')]);
    expect(watch.hasPending).toBe(false);
  });

  it('coalesces many announcements of a bucket within a tick into one read, tagged with the newest', () => {
    const watch = new AggregateWatch({ platform: 'gdx' });
    watch.note(announced(10, [bucket('moph')]));
    watch.note(announced(12, [bucket('moph'), bucket('mof')]));
    watch.note(announced(11, [bucket('moph')]));
    const drained = watch.drain();
    expect(drained.map(({ bucket: { agency }, announcement }) => [agency, announcement.lastOffset])).toEqual([
      ['moph', '12'],
      ['mof', '12'],
    ]);
    // And the one read of each bucket becomes one update
    const updates = watch.updates(drained, [reading(bucket('moph'), 30, 3), reading(bucket('mof'), 5, 1)]);
    expect(updates).toEqual([
      {
        ...bucket('moph'),
        total: 30,
        events: 3,
        announcement: { topic: 'usage.events.v1', partition: 0, lastOffset: '12', projectedAt: '2021-03-01T03:00:00.000Z' },
      },
      {
        ...bucket('mof'),
        total: 5,
        events: 1,
        announcement: { topic: 'usage.events.v1', partition: 0, lastOffset: '12', projectedAt: '2021-03-01T03:00:00.000Z' },
      },
    ]);
  });

  it('compares offsets as 64-bit integers, not as strings', () => {
    const watch = new AggregateWatch({ platform: 'gdx' });
    watch.note(announced(10, [bucket()]));
    watch.note(announced(9, [bucket()]));
    expect(watch.drain()[0]?.announcement.lastOffset).toBe('10');
  });

  it('never sends a value older than, or equal to, one already sent for the bucket', () => {
    const watch = new AggregateWatch({ platform: 'gdx' });
    // Given a bucket sent with 5 events
    watch.note(announced(20, [bucket()]));
    expect(watch.updates(watch.drain(), [reading(bucket(), 50, 5)])).toHaveLength(1);
    // When a redelivered announcement leads to a read that still shows 5 events, or a stale read showing 4
    watch.note(announced(20, [bucket()]));
    expect(watch.updates(watch.drain(), [reading(bucket(), 50, 5)])).toEqual([]);
    watch.note(announced(21, [bucket()]));
    expect(watch.updates(watch.drain(), [reading(bucket(), 40, 4)])).toEqual([]);
    // Then only a reading with more events goes out
    watch.note(announced(22, [bucket()]));
    expect(watch.updates(watch.drain(), [reading(bucket(), 70, 7)]).map((update) => update.total)).toEqual([70]);
  });

  it('sends nothing for a bucket the read did not find, and ignores readings of buckets it did not drain', () => {
    const watch = new AggregateWatch({ platform: 'gdx', agency: 'moph' });
    watch.note(announced(1, [bucket('moph')]));
    expect(watch.updates(watch.drain(), [reading(bucket('mof'), 9, 9)])).toEqual([]);
  });

  it('keeps the buckets of a failed read for the next tick, with any newer announcement that came meanwhile', () => {
    const watch = new AggregateWatch({ platform: 'gdx' });
    watch.note(announced(1, [bucket('moph'), bucket('mof')]));
    const failed = watch.drain();
    watch.note(announced(2, [bucket('mof')]));
    watch.restore(failed);
    expect(watch.drain().map(({ bucket: { agency }, announcement }) => [agency, announcement.lastOffset])).toEqual([
      ['mof', '2'],
      ['moph', '1'],
    ]);
  });

  it('says a bucket whose sum is not finite is in fault instead of sending it as a total, and says it again at its next announcement', () => {
    const watch = new AggregateWatch({ platform: 'gdx' });
    // Given moph's sum overflowed (NaN from the read) beside mof's finite one
    watch.note(announced(30, [bucket('moph'), bucket('mof')]));
    const drained = watch.drain();
    const readings = [reading(bucket('moph'), Number.NaN, 2), reading(bucket('mof'), 5, 1)];
    // Then only mof is an update, and moph is a fault naming the bucket, its event count and the announcement
    expect(watch.updates(drained, readings).map((update) => update.agency)).toEqual(['mof']);
    expect(watch.faults(drained, readings)).toEqual([
      expect.objectContaining({ error: 'non_finite_aggregate', ...bucket('moph'), events: 2, announcement: expect.objectContaining({ lastOffset: '30' }) }),
    ]);
    // When moph is announced again, still overflowed
    watch.note(announced(31, [bucket('moph')]));
    const again = watch.drain();
    expect(watch.faults(again, [reading(bucket('moph'), Number.POSITIVE_INFINITY, 3)])).toHaveLength(1);
    expect(watch.updates(again, [reading(bucket('moph'), Number.POSITIVE_INFINITY, 3)])).toEqual([]);
  });
});
