import { FailedAuthBudget } from './failed-auth-budget';

describe(FailedAuthBudget.name, () => {
  it('shuts an address out after its burst of failures, saying when to retry, and lets it in again once one has leaked', () => {
    // Given 2 failures in a row allowed, 6 a minute earned back
    let now = 0;
    const budget = new FailedAuthBudget({ failuresPerMinute: 6, burst: 2 }, () => now);
    // When an address fails twice
    budget.failed('198.51.100.1');
    expect(budget.check('198.51.100.1')).toEqual({ allowed: true });
    budget.failed('198.51.100.1');
    // Then it is refused for the 10 s one failure takes to leak, and counted
    expect(budget.check('198.51.100.1')).toEqual({ allowed: false, retryAfterSeconds: 10 });
    now = 9_000;
    expect(budget.check('198.51.100.1')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now = 10_000;
    expect(budget.check('198.51.100.1')).toEqual({ allowed: true });
    expect(budget.counts).toEqual({ failures: 2, refusals: 2, forgotten: 0 });
  });

  it("never refuses an address for another address's failures, but counts an IPv6 /64 as one address", () => {
    const budget = new FailedAuthBudget({ failuresPerMinute: 1, burst: 1 }, () => 0);
    budget.failed('2001:db8::1');
    expect(budget.check('2001:db8::2').allowed).toBe(false);
    expect(budget.check('2001:db8:0:1::1')).toEqual({ allowed: true });
    expect(budget.check('203.0.113.9')).toEqual({ allowed: true });
  });

  it('remembers at most maxAddresses, forgetting the least recently failing first, and forgets addresses fully recovered', () => {
    let now = 0;
    const budget = new FailedAuthBudget({ failuresPerMinute: 60, burst: 1, maxAddresses: 2 }, () => now);
    budget.failed('192.0.2.1');
    budget.failed('192.0.2.2');
    budget.failed('192.0.2.1');
    budget.failed('192.0.2.3');
    expect(budget.size).toBe(2);
    expect(budget.counts.forgotten).toBe(1);
    expect(budget.check('192.0.2.2')).toEqual({ allowed: true });
    expect(budget.check('192.0.2.1').allowed).toBe(false);
    now = 1_000;
    budget.forgetIdle();
    expect(budget.size).toBe(0);
  });
});
