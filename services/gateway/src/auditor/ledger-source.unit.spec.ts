import type { EventStore } from '@govmetrics/event-store';
import { EventStoreError, EventStoreUnavailableError } from '@govmetrics/event-store';
import { LedgerSource } from './ledger-source';

const store = (): EventStore => ({ readAll: jest.fn().mockResolvedValue([]), close: jest.fn().mockResolvedValue(undefined) }) as unknown as EventStore;

describe(LedgerSource.name, () => {
  it('opens the ledger once for concurrent requests, at the first request rather than at start', async () => {
    const opened = store();
    const open = jest.fn().mockResolvedValue(opened);
    const source = new LedgerSource('postgres://ledger', open);
    expect(open).not.toHaveBeenCalled();
    const [a, b] = await Promise.all([source.store(), source.store()]);
    expect(a).toBe(opened);
    expect(b).toBe(opened);
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('given a ledger that cannot be opened, fails retriably and opens again at the next request', async () => {
    const open = jest.fn().mockRejectedValueOnce(new Error('connect ECONNREFUSED 127.0.0.1:5432')).mockResolvedValue(store());
    const source = new LedgerSource('postgres://ledger', open);
    const failure = await source.store().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(EventStoreUnavailableError);
    expect(failure).toMatchObject({ retriable: true, message: expect.stringContaining('ECONNREFUSED') });
    await expect(source.problem()).resolves.toBeNull();
    expect(open).toHaveBeenCalledTimes(2);
  });

  it('keeps an event store error as it is, so that a non-retriable one is not reported as an outage', async () => {
    const refused = new EventStoreError('EVENT_STORE_FAILED', 'permission denied for table events', false);
    const source = new LedgerSource('postgres://ledger', jest.fn().mockRejectedValue(refused));
    await expect(source.store()).rejects.toBe(refused);
    await expect(source.problem()).resolves.toBe('permission denied for table events');
  });

  it('closes the store it opened, once', async () => {
    const opened = store();
    const source = new LedgerSource('postgres://ledger', jest.fn().mockResolvedValue(opened));
    await source.store();
    await source.close();
    await source.close();
    expect(opened.close).toHaveBeenCalledTimes(1);
  });
});
