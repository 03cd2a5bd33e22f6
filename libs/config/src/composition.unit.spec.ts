import { compose } from './composition';

describe(compose.name, () => {
  it('releases what was held in reverse order, and every closer runs even when one fails', async () => {
    const closed: string[] = [];
    const close = (name: string) => Promise.resolve(closed.push(name));
    const { adapters, release } = await compose((held) => {
      const pool = held.hold('pool', close);
      const producer = held.hold('producer', (name) => close(name).then(() => Promise.reject(new Error('disconnect failed'))));
      const consumer = held.hold('consumer', close);
      return Promise.resolve({ pool, producer, consumer });
    });

    expect(adapters).toEqual({ pool: 'pool', producer: 'producer', consumer: 'consumer' });
    await expect(release()).rejects.toThrow('1 resources failed to close');
    expect(closed).toEqual(['consumer', 'producer', 'pool']);
  });

  it('closes what a failing composition opened before the error propagates', async () => {
    const closed: string[] = [];
    const failing = compose((held) => {
      held.hold('pool', (name) => Promise.resolve(closed.push(name)));
      return Promise.reject(new Error('Kafka never came up'));
    });

    await expect(failing).rejects.toThrow('Kafka never came up');
    expect(closed).toEqual(['pool']);
  });
});
