import { AddressLimits } from './address-limits';

const settings = { requestsPerSecond: 2, requestBurst: 3, authFailuresPerMinute: 6, authFailureBurst: 2 };

describe(AddressLimits.name, () => {
  it('allows an address its burst of requests, then refuses with the wait for the next token, other addresses unaffected', () => {
    let now = 0;
    const limits = new AddressLimits(settings, () => now);
    for (let request = 0; request < 3; request++) expect(limits.admit('198.51.100.1').allowed).toBe(true);

    expect(limits.admit('198.51.100.1')).toEqual({ allowed: false, retryAfterSeconds: 1, reason: 'requests' });
    expect(limits.admit('198.51.100.2').allowed).toBe(true);
    now = 500;
    expect(limits.admit('198.51.100.1').allowed).toBe(true);
  });

  it('shuts an address out once its failed authentications are spent, until one failure has refilled (10 s at 6 a minute)', () => {
    let now = 0;
    const limits = new AddressLimits(settings, () => now);
    limits.authenticationFailed('2001:db8::1');
    expect(limits.admit('2001:db8::2').allowed).toBe(true);
    limits.authenticationFailed('2001:db8::3');

    expect(limits.admit('2001:db8::4')).toEqual({ allowed: false, retryAfterSeconds: 10, reason: 'authentication_failures' });
    expect(limits.admit('2001:db8:0:1::1').allowed).toBe(true);
    now = 10_000;
    expect(limits.admit('2001:db8::4').allowed).toBe(true);
  });
});
