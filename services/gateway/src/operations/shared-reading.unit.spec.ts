import { SharedReading } from './shared-reading';

/** A computation that counts its runs and resolves (or fails) when the test says. */
function gatedComputation() {
  const runs: { resolve: (value: number) => void; reject: (error: Error) => void }[] = [];
  const compute = () => new Promise<number>((resolve, reject) => runs.push({ resolve, reject }));
  return { runs, compute };
}

describe(SharedReading.name, () => {
  it('gives 20 concurrent callers the one computation', async () => {
    const { runs, compute } = gatedComputation();
    const reading = new SharedReading(compute, 2000, () => 0);
    const answers = Promise.all(Array.from({ length: 20 }, () => reading.read()));
    runs[0]?.resolve(42);
    expect(await answers).toEqual(Array.from({ length: 20 }, () => 42));
    expect(runs).toHaveLength(1);
  });

  it('computes again once the interval has passed since the last computation started', async () => {
    let now = 0;
    const { runs, compute } = gatedComputation();
    const reading = new SharedReading(compute, 2000, () => now);
    const first = reading.read();
    runs[0]?.resolve(1);
    now = 1999;
    expect(await reading.read()).toBe(1);
    now = 2000;
    const second = reading.read();
    runs[1]?.resolve(2);
    expect([await first, await second, runs.length]).toEqual([1, 2, 2]);
  });

  it('shares a failure with the callers waiting on it, and retries on the next call within the interval', async () => {
    const { runs, compute } = gatedComputation();
    const reading = new SharedReading(compute, 2000, () => 0);
    const waiting = [reading.read(), reading.read()];
    runs[0]?.reject(new Error('broker down'));
    await expect(Promise.all(waiting)).rejects.toThrow('broker down');
    const retried = reading.read();
    runs[1]?.resolve(7);
    expect(await retried).toBe(7);
    expect(runs).toHaveLength(2);
  });
});
