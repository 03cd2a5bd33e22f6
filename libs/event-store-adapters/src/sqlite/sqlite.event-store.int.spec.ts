import { eventStoreConformance } from '@govmetrics/event-store/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from './sqlite.event-store';

describe('SQLite adapter (embedded mode, a file per test)', () => {
  eventStoreConformance(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'govmetrics-es-'));
    const store = await SqliteEventStore.open({ filename: join(dir, 'events.sqlite'), pollIntervalMs: 200 });
    return { store, dispose: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })) };
  });
});

describe('SQLite adapter on a path it cannot create', () => {
  it('fails to open with a non-retriable error naming the file', async () => {
    const filename = join(tmpdir(), 'govmetrics-missing-dir', 'nested', 'events.sqlite');
    await expect(SqliteEventStore.open({ filename })).rejects.toMatchObject({
      code: 'EVENT_STORE_FAILED',
      retriable: false,
      message: expect.stringContaining(filename),
    });
  });
});
