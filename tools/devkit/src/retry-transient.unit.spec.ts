import { KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded } from 'kafkajs';
import { retryTransient } from './retry-transient';
import { BROKER_RETRIES } from './run-state';

/** A step that fails with each of `failures` in turn, then answers `done`; counts its calls. */
function flaky(...failures: Error[]) {
  const step = jest.fn((): Promise<string> => {
    const failure = failures[step.mock.calls.length - 1];
    return failure ? Promise.reject(failure) : Promise.resolve('done');
  });
  return step;
}

/** What kafkajs throws when the broker drops a connection (its KafkaJSConnectionClosedError, untyped, is one of these). */
const closed = () => new KafkaJSConnectionError('Closed connection', { broker: '127.0.0.1:9092' });
const fast = { ...BROKER_RETRIES, firstDelayMs: 1, onRetry: undefined };

describe(retryTransient.name, () => {
  it('tries a step again after a dropped broker connection, waiting longer each time, until it succeeds', async () => {
    // Given a cleanup whose broker connection closes twice
    const step = flaky(closed(), closed());
    const waits: number[] = [];

    // When it runs with retries
    const result = await retryTransient(step, { ...fast, onRetry: (_error, _attempt, delayMs) => waits.push(delayMs) });

    // Then the third try did it, after a doubling wait
    expect(result).toBe('done');
    expect(step).toHaveBeenCalledTimes(3);
    expect(waits).toEqual([1, 2]);
  });

  it("counts kafkajs's own exhausted retries of a connection loss as transient", async () => {
    const exhausted = new KafkaJSNumberOfRetriesExceeded(closed(), { retryCount: 5, retryTime: 100 });
    await expect(retryTransient(flaky(exhausted), fast)).resolves.toBe('done');
  });

  it('rethrows at once a failure that is not transient', async () => {
    const refused = new KafkaJSNonRetriableError('the topic name is invalid');
    const step = flaky(refused);
    await expect(retryTransient(step, fast)).rejects.toBe(refused);
    expect(step).toHaveBeenCalledTimes(1);
  });

  it('gives up after its tries with the last failure', async () => {
    const failures = [closed(), closed(), closed(), closed(), closed()];
    const step = flaky(...failures);
    await expect(retryTransient(step, fast)).rejects.toBe(failures[3]);
    expect(step).toHaveBeenCalledTimes(4);
  });
});
