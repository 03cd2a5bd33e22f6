import { Counter, Histogram, Registry } from 'prom-client';
import { countSent, timeCalls } from './timed';

const histogram = (registry: Registry) =>
  new Histogram({ name: 'test_call_duration_seconds', help: 'test', labelNames: ['path'] as const, buckets: [0.01, 1], registers: [registry] });

describe(timeCalls.name, () => {
  it('times every call, failed ones too, and leaves results, errors and `this` as they were', async () => {
    const registry = new Registry();
    const timings = histogram(registry);
    const port = {
      prefix: 'sent:',
      async publish(value: string): Promise<string> {
        if (value === 'bad') throw new Error('refused');
        return Promise.resolve(this.prefix + value);
      },
    };
    timeCalls(port, 'publish', timings, { path: 'http' });
    await expect(port.publish('a')).resolves.toBe('sent:a');
    await expect(port.publish('bad')).rejects.toThrow('refused');
    const [count] = (await timings.get()).values.filter((sample) => sample.metricName === 'test_call_duration_seconds_count');
    expect(count).toMatchObject({ value: 2, labels: { path: 'http' } });
  });
});

describe(countSent.name, () => {
  it('counts the records of sends that succeeded, not of those that failed', async () => {
    const registry = new Registry();
    const counter = new Counter({ name: 'test_sent_total', help: 'test', labelNames: ['consumer'] as const, registers: [registry] });
    let fail = false;
    const publisher = { send: (_topic: string, _records: readonly unknown[]) => (fail ? Promise.reject(new Error('down')) : Promise.resolve()) };
    countSent(publisher, counter, { consumer: 'projector' });
    await publisher.send('q', [1, 2, 3]);
    fail = true;
    await expect(publisher.send('q', [4])).rejects.toThrow('down');
    expect((await counter.get()).values).toEqual([{ value: 3, labels: { consumer: 'projector' } }]);
  });
});
