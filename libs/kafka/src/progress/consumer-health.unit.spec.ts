import type { Kafka } from 'kafkajs';
import { ConsumerHealth, type HeldPartitions } from './consumer-health';

/** A broker as the admin client sees it: the group's committed offsets and the partitions' ends, set by the test. */
function fakeKafka(state: { committed: Record<number, string>; high: Record<number, string>; down?: boolean }): Kafka {
  const admin = {
    connect: () => Promise.resolve(),
    disconnect: () => Promise.resolve(),
    fetchOffsets: () =>
      state.down
        ? Promise.reject(new Error('broker down'))
        : Promise.resolve([
            { topic: 't', partitions: Object.entries(state.committed).map(([partition, offset]) => ({ partition: Number(partition), offset })) },
          ]),
    fetchTopicOffsets: () =>
      Promise.resolve(Object.entries(state.high).map(([partition, high]) => ({ partition: Number(partition), offset: high, high, low: '0' }))),
  };
  return { admin: () => admin } as unknown as Kafka;
}

describe(ConsumerHealth.name, () => {
  let clock = 0;
  const STALL_MS = 30_000;
  const sample = async (health: ConsumerHealth) => {
    // The sampler's interval is not under the test's clock: each sample is taken explicitly.
    await (health as unknown as { sample(): Promise<void> }).sample();
  };

  it('is not ready before its consumer joined the group, and ready once it holds partitions that progress', async () => {
    let held: HeldPartitions | undefined = undefined;
    const health = new ConsumerHealth({
      kafka: fakeKafka({ committed: { 0: '5' }, high: { 0: '5' } }),
      groupId: 'g',
      held: () => held,
      stallMs: STALL_MS,
      now: () => clock,
    });
    expect(health.readiness()).toMatchObject({ ready: false, reason: 'not a consuming member of its group' });
    held = { t: [0] };
    await sample(health);
    expect(health.readiness()).toEqual({ ready: true, partitions: [{ topic: 't', partition: 0, lag: '0', waitingMs: 0 }] });
  });

  it('turns unready when records wait on an unmoved commit past the bound, and ready again when the commit moves', async () => {
    const broker = { committed: { 0: '10' }, high: { 0: '10' } };
    const health = new ConsumerHealth({ kafka: fakeKafka(broker), groupId: 'g', held: () => ({ t: [0] }), stallMs: STALL_MS, now: () => clock });
    clock = 0;
    await sample(health);
    broker.high = { 0: '50' };
    clock = 10_000;
    await sample(health);
    clock = 30_000;
    await sample(health);
    expect(health.readiness()).toMatchObject({ ready: false, reason: expect.stringMatching(/^stalled: .*t\/0 \(lag 40\)/) });
    broker.committed = { 0: '50' };
    clock = 31_000;
    await sample(health);
    expect(health.readiness()).toMatchObject({ ready: true });
  });

  it('counts a never-committed partition from its first offset, and turns unready when offsets stay unreadable past the bound', async () => {
    const broker = { committed: { 0: '-1' }, high: { 0: '7' }, down: false };
    const health = new ConsumerHealth({ kafka: fakeKafka(broker), groupId: 'g', held: () => ({ t: [0] }), stallMs: STALL_MS, now: () => clock });
    clock = 0;
    await sample(health);
    expect(health.readiness().partitions).toEqual([{ topic: 't', partition: 0, lag: '7', waitingMs: 0 }]);
    broker.committed = { 0: '7' };
    broker.down = true;
    clock = 29_999;
    await sample(health);
    expect(health.readiness()).toMatchObject({ ready: true });
    clock = 30_000;
    expect(health.readiness()).toMatchObject({ ready: false, reason: expect.stringMatching(/^offsets unreadable for 30000 ms: broker down/) });
  });
});
