import { KafkaUnavailableError } from './kafka-errors';
import { whenKafkaReady } from './when-kafka-ready';

describe(whenKafkaReady.name, () => {
  it('runs the step again while Kafka says "not yet", and returns once it succeeds', async () => {
    let attempts = 0;
    const waits: string[] = [];
    const result = await whenKafkaReady(
      () => {
        attempts += 1;
        if (attempts < 3) return Promise.reject(new KafkaUnavailableError('producer connect failed: The coordinator is loading', true));
        return Promise.resolve('connected');
      },
      10_000,
      { warn: (line) => waits.push(line), pauseMs: 10 },
    );
    expect(result).toBe('connected');
    expect(attempts).toBe(3);
    expect(waits).toEqual([
      'waiting for Kafka: producer connect failed: The coordinator is loading',
      'waiting for Kafka: producer connect failed: The coordinator is loading',
    ]);
  });

  it('throws a failure that waiting cannot cure at once', async () => {
    let attempts = 0;
    const misconfigured = new KafkaUnavailableError('topic bootstrap failed: not authorized', false);
    await expect(
      whenKafkaReady(() => {
        attempts += 1;
        return Promise.reject(misconfigured);
      }, 10_000),
    ).rejects.toBe(misconfigured);
    expect(attempts).toBe(1);
  });

  it('gives up with the last failure once the wait is over', async () => {
    const stillStarting = new KafkaUnavailableError('producer connect failed: connection refused', true);
    await expect(whenKafkaReady(() => Promise.reject(stillStarting), 0)).rejects.toBe(stillStarting);
  });
});
