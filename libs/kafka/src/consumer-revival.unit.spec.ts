import { EventEmitter } from 'node:events';
import type { Consumer } from 'kafkajs';
import { ConsumerRevival, consumersGivenUpCounts } from './consumer-revival';

/** Just enough of a kafkajs consumer to emit its instrumentation events (pure scheduling logic under test). */
class EmittingConsumer extends EventEmitter {
  readonly events = { GROUP_JOIN: 'consumer.group_join', CRASH: 'consumer.crash' };
  disconnected = false;
  crash(restart: boolean): void {
    this.emit(this.events.CRASH, { payload: { error: new Error('gone'), restart } });
  }
  join(): void {
    this.emit(this.events.GROUP_JOIN, { payload: {} });
  }
  disconnect(): Promise<void> {
    this.disconnected = true;
    return Promise.resolve();
  }
}

function revivalOver(failures = 0, group = 'projector') {
  const started: EmittingConsumer[] = [];
  const pauses: number[] = [];
  let failing = failures;
  const revival = new ConsumerRevival(
    () => {
      if (started.length > 0 && failing-- > 0) return Promise.reject(new Error('broker away'));
      const consumer = new EmittingConsumer();
      started.push(consumer);
      return Promise.resolve(consumer as unknown as Consumer);
    },
    { group, initialMs: 100, maxMs: 400, onGivenUp: (_error, inMs) => pauses.push(inMs) },
  );
  return { revival, started, pauses, last: () => started[started.length - 1] as EmittingConsumer };
}

const settle = async (ms: number) => {
  await jest.advanceTimersByTimeAsync(ms);
};

describe('a consumer kafkajs gave up is replaced', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('starts a new consumer after the pause when kafkajs will not restart it, and leaves restarts kafkajs makes alone', async () => {
    const { revival, started, pauses, last } = revivalOver();
    await revival.begin();
    last().crash(true);
    await settle(1000);
    expect(started).toHaveLength(1);

    last().crash(false);
    await settle(99);
    expect(started).toHaveLength(1);
    await settle(1);
    expect(started).toHaveLength(2);
    expect(pauses).toEqual([100]);
  });

  it('doubles the pause up to its bound while new members do not join, and starts again from the first once one joined', async () => {
    const { revival, pauses, last } = revivalOver();
    await revival.begin();
    for (let i = 0; i < 4; i++) {
      last().crash(false);
      await settle(400);
    }
    last().join();
    last().crash(false);
    await settle(100);
    expect(pauses).toEqual([100, 200, 400, 400, 100]);
  });

  it('tries again when starting the new consumer fails (the broker still away)', async () => {
    const { revival, started, pauses, last } = revivalOver(2);
    await revival.begin();
    last().crash(false);
    await settle(100 + 200 + 400);
    expect(started).toHaveLength(2);
    expect(pauses).toEqual([100, 200, 400]);
  });

  it('counts each consumer given up under its group, for the metrics registry to read', async () => {
    const projector = revivalOver(0, 'counted-projector');
    const scoring = revivalOver(0, 'counted-scoring');
    await projector.revival.begin();
    await scoring.revival.begin();

    projector.last().crash(false);
    await settle(100);
    projector.last().crash(false);
    scoring.last().crash(false);
    scoring.last().crash(true);

    expect(consumersGivenUpCounts()).toMatchObject({ 'counted-projector': 2, 'counted-scoring': 1 });
  });

  it('starts nothing once stopped', async () => {
    const { revival, started, last } = revivalOver();
    await revival.begin();
    last().crash(false);
    revival.stop();
    await settle(1000);
    expect(started).toHaveLength(1);
  });
});
