import { TokenBuckets } from './token-bucket';

describe(TokenBuckets.name, () => {
  it('allows a burst, refuses the batch that overdraws it with a retry delay, and refills at the rate', () => {
    let now = 0;
    const buckets = new TokenBuckets({ ratePerSecond: 100, burst: 1000 }, () => now);

    expect(buckets.take('gdx#0', 1000)).toEqual({ allowed: true });
    expect(buckets.take('gdx#0', 500)).toEqual({ allowed: false, retryAfterSeconds: 5 });
    now = 5000;
    expect(buckets.take('gdx#0', 500)).toEqual({ allowed: true });
  });

  it('keeps one bucket per key', () => {
    const buckets = new TokenBuckets({ ratePerSecond: 1, burst: 10 }, () => 0);
    expect(buckets.take('gdx#0', 10)).toEqual({ allowed: true });
    expect(buckets.take('mailgothai#0', 10)).toEqual({ allowed: true });
    expect(buckets.take('gdx#0', 1).allowed).toBe(false);
  });
});

describe(`${TokenBuckets.name} without spending`, () => {
  it('checks a cost against a bucket without taking from it', () => {
    const buckets = new TokenBuckets({ ratePerSecond: 1, burst: 2 }, () => 0);
    expect(buckets.take('10.0.0.1', 2)).toEqual({ allowed: true });

    expect(buckets.check('10.0.0.1', 1)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(buckets.check('10.0.0.2', 1)).toEqual({ allowed: true });
    expect(buckets.take('10.0.0.2', 2)).toEqual({ allowed: true });
  });

  it('forgets only the buckets that have refilled to their burst, and a forgotten key starts full again', () => {
    let now = 0;
    const buckets = new TokenBuckets({ ratePerSecond: 1, burst: 2 }, () => now);
    buckets.take('idle', 1);
    now = 500;
    buckets.take('busy', 2);
    now = 1000;

    buckets.forgetFull();

    expect(buckets.size).toBe(1);
    expect(buckets.check('busy', 1)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(buckets.take('idle', 2)).toEqual({ allowed: true });
  });
});
