import { eventStoreConformance } from '@govmetrics/event-store/testing';
import { createTestDatabase } from './postgres-test-database';
import { PostgresEventStore } from './postgres.event-store';

describe('PostgreSQL adapter (server mode, a database per test)', () => {
  eventStoreConformance(async () => {
    const database = await createTestDatabase();
    const store = await PostgresEventStore.open({ connectionString: database.url, pollIntervalMs: 200 });
    return { store, dispose: () => database.drop() };
  });
});

describe('PostgreSQL adapter when the server cannot be reached', () => {
  it('fails to open with a retriable EventStoreUnavailableError', async () => {
    // Nothing listens on port 1 of the loopback address.
    await expect(PostgresEventStore.open({ connectionString: 'postgres://postgres@127.0.0.1:1/none' })).rejects.toMatchObject({
      code: 'EVENT_STORE_UNAVAILABLE',
      retriable: true,
    });
  });
});
