import { EventStoreUnavailableError } from '@govmetrics/event-store';
import { eventStoreConformance } from '@govmetrics/event-store/testing';
import { KurrentDbEventStore } from './kurrentdb.event-store';

// No KurrentDB server can run on the CI machine: without a connection string the suite is reported as skipped, by name.
const connectionString = process.env['KURRENTDB_CONNECTION_STRING'];

if (connectionString === undefined || connectionString === '') {
  describe.skip('KurrentDB adapter — set KURRENTDB_CONNECTION_STRING to run', () => {
    it('runs the event store conformance suite against a KurrentDB server', () => undefined);
  });
} else {
  describe('KurrentDB adapter (shared server, unique streams per test)', () => {
    eventStoreConformance(async () => ({ store: await KurrentDbEventStore.open({ connectionString }), dispose: () => Promise.resolve() }));
  });
}

describe('KurrentDB adapter without a server', () => {
  it('reports a refused connection as a retriable EventStoreUnavailableError, on writes and reads', async () => {
    // Nothing listens on port 1 of the loopback address: the real client fails to connect.
    const store = await KurrentDbEventStore.open({ connectionString: 'kurrentdb://127.0.0.1:1?tls=false' });
    try {
      await expect(store.append('s', [{ type: 'A', data: { a: 1 } }], 'no_stream')).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(store.readAll({ limit: 1 })).rejects.toMatchObject({ code: 'EVENT_STORE_UNAVAILABLE', retriable: true });
    } finally {
      await store.close();
      await store.close();
    }
  });
});
