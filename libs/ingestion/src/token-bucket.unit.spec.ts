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
