import { CachedReadiness } from './readiness';

describe(CachedReadiness.name, () => {
  let clock = 0;
  const now = () => clock;

  beforeEach(() => {
    clock = 0;
  });

  it('is ready when every dependency answers, and names each as ok', async () => {
    const readiness = new CachedReadiness({ kafka: () => Promise.resolve(), postgres: () => Promise.resolve() }, { cacheMs: 1000, timeoutMs: 100, now });
    await expect(readiness.current()).resolves.toEqual({ ready: true, failed: [], checks: { kafka: 'ok', postgres: 'ok' } });
  });

  it('names the dependency that failed and why, and the ones that answered', async () => {
    const readiness = new CachedReadiness(
      { kafka: () => Promise.resolve(), postgres: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:1')) },
      { cacheMs: 1000, timeoutMs: 100, now },
    );
    await expect(readiness.current()).resolves.toEqual({
      ready: false,
      failed: ['postgres'],
      checks: { kafka: 'ok', postgres: 'connect ECONNREFUSED 127.0.0.1:1' },
    });
  });

  it('counts a dependency that does not answer in time as failed', async () => {
    const readiness = new CachedReadiness({ kafka: () => new Promise<void>(() => undefined) }, { cacheMs: 1000, timeoutMs: 20, now });
    await expect(readiness.current()).resolves.toEqual({ ready: false, failed: ['kafka'], checks: { kafka: 'no answer within 20 ms' } });
  });

  it('probes at most once per cache period, however often it is asked, and again after it', async () => {
    // Given a dependency that answers, then goes down
    let up = true;
    const kafka = jest.fn(() => (up ? Promise.resolve() : Promise.reject(new Error('broker down'))));
    const readiness = new CachedReadiness({ kafka }, { cacheMs: 1000, timeoutMs: 100, now });
    // When asked three times at once and again within the second
    await Promise.all([readiness.current(), readiness.current(), readiness.current()]);
    up = false;
    clock = 999;
    // Then the first answer is reused and the dependency was probed once
    await expect(readiness.current()).resolves.toMatchObject({ ready: true });
    expect(kafka).toHaveBeenCalledTimes(1);
    // And once the period is over the next question probes again and sees it down
    clock = 1000;
    await expect(readiness.current()).resolves.toMatchObject({ ready: false, failed: ['kafka'] });
    expect(kafka).toHaveBeenCalledTimes(2);
  });
});
