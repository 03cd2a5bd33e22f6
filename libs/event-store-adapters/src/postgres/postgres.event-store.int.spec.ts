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
