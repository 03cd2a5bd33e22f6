import type { ReadAllOptions, RecordedEvent } from '@govmetrics/event-store';
import { EventStoreError, EventStoreUnavailableError } from '@govmetrics/event-store';
import { PollingSubscription } from './polling-subscription';

const event = (position: bigint): RecordedEvent => ({ position, stream: 's', revision: position - 1n, type: 'Happened', data: {}, recordedAt: new Date(0) });
const unavailable = () => new EventStoreUnavailableError('read $all', { cause: new Error('connect ECONNREFUSED 127.0.0.1:5432') });
const until = async (done: () => boolean) => {
  while (!done()) await new Promise((later) => setTimeout(later, 5));
};

/** A store holding `events`; each read first takes the next of `failures`, if any, and fails with it. */
function store() {
  const events: RecordedEvent[] = [];
  const failures: Error[] = [];
  const readsFrom: (bigint | undefined)[] = [];
  const read = ({ fromPosition, limit }: ReadAllOptions) => {
    readsFrom.push(fromPosition);
    const failure = failures.shift();
    if (failure) return Promise.reject(failure);
    return Promise.resolve(events.filter((e) => e.position > (fromPosition ?? 0n)).slice(0, limit));
  };
  return { events, failures, readsFrom, read };
}

describe(PollingSubscription.name, () => {
  it('reads again from where it was while the store is unavailable, and then delivers what was recorded meanwhile, once', async () => {
    // Given a subscription that delivered two events
    const ledger = store();
    ledger.events.push(event(1n), event(2n));
    const delivered: bigint[] = [];
    const subscription = new PollingSubscription(ledger.read, (e) => (delivered.push(e.position), Promise.resolve()), undefined, 20);
    await until(() => delivered.length === 2);

    // When the store is unavailable for three reads, and an event is recorded meanwhile
    const outageBegan = ledger.readsFrom.length;
    ledger.failures.push(unavailable(), unavailable(), unavailable());
    ledger.events.push(event(3n));

    // Then the subscription did not end: it delivered the new event once, every read after the outage from position 2
    await until(() => delivered.length === 3);
    await subscription.close();
    await expect(subscription.ended).resolves.toBeUndefined();
    expect(delivered).toEqual([1n, 2n, 3n]);
    expect(ledger.readsFrom.slice(outageBegan, outageBegan + 4)).toEqual([2n, 2n, 2n, 2n]);
  });

  it('ends, naming the failure, when a read fails in a way waiting cannot cure', async () => {
    const ledger = store();
    const broken = new EventStoreError('EVENT_STORE_FAILED', 'read $all failed: permission denied for table events', false);
    ledger.failures.push(broken);
    const subscription = new PollingSubscription(ledger.read, () => Promise.resolve(), undefined, 20);
    await expect(subscription.ended).rejects.toBe(broken);
  });
});
