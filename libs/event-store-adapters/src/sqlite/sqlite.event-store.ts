import type * as Port from '@govmetrics/event-store';
import { EventStoreClosedError, EventStoreError, EventStoreUnavailableError, assertAppendable, assertExpectedRevision } from '@govmetrics/event-store';
import Database from 'better-sqlite3';
import { PollingSubscription, SubscriptionRegistry } from '../polling-subscription';
import { recordedEvent } from '../recorded-event';

export interface SqliteEventStoreOptions {
  /** Path of the database file, created when missing. */
  filename: string;
  /** How often a caught-up subscription looks for events appended by another process. */
  pollIntervalMs?: number;
}

interface EventRow {
  position: bigint;
  stream: string;
  revision: bigint;
  type: string;
  data: string;
  metadata: string | null;
  recorded_at: string;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    stream TEXT NOT NULL,
    revision INTEGER NOT NULL,
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    metadata TEXT,
    recorded_at TEXT NOT NULL,
    UNIQUE (stream, revision)
  )`;
const COLUMNS = 'position, stream, revision, type, data, metadata, recorded_at';

const toEvent = (row: EventRow): Port.RecordedEvent =>
  recordedEvent({
    position: row.position,
    stream: row.stream,
    revision: row.revision,
    type: row.type,
    data: JSON.parse(row.data) as unknown,
    metadata: row.metadata === null ? null : (JSON.parse(row.metadata) as Record<string, unknown>),
    recordedAt: new Date(row.recorded_at),
  });

function toSqliteStoreError(operation: string, error: unknown): EventStoreError {
  if (error instanceof EventStoreError) return error;
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  // Another process holds the write lock past the busy timeout: the same call may succeed later.
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return new EventStoreUnavailableError(operation, { cause: error });
  const reason = error instanceof Error ? error.message : String(error);
  return new EventStoreError('EVENT_STORE_FAILED', `${operation} failed: ${reason}`, false, { cause: error });
}

/** The event store in embedded mode: one SQLite file, written in IMMEDIATE transactions so processes take turns. */
export class SqliteEventStore implements Port.EventStore {
  private readonly subscriptions = new SubscriptionRegistry();
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly db: Database.Database,
    private readonly pollIntervalMs: number,
  ) {}

  static open(options: SqliteEventStoreOptions): Promise<SqliteEventStore> {
    try {
      const db = new Database(options.filename);
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 5000');
      db.defaultSafeIntegers(true);
      db.exec(SCHEMA);
      return Promise.resolve(new SqliteEventStore(db, options.pollIntervalMs ?? 1000));
    } catch (error) {
      return Promise.reject(toSqliteStoreError(`open ${options.filename}`, error));
    }
  }

  append(stream: string, events: readonly Port.NewEvent[], expected: Port.ExpectedRevision): Promise<Port.AppendResult> {
    return this.run(`append to "${stream}"`, () => {
      assertAppendable(stream, events);
      const write = this.db.transaction((): Port.AppendResult => {
        const { last } = this.db.prepare('SELECT max(revision) AS last FROM events WHERE stream = ?').get(stream) as { last: bigint | null };
        const actual = last === null ? 'no_stream' : last;
        assertExpectedRevision(stream, expected, actual);
        const insert = this.db.prepare('INSERT INTO events (stream, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?)');
        const recordedAt = new Date().toISOString();
        let result: Port.AppendResult | undefined;
        events.forEach((event, i) => {
          const revision = (actual === 'no_stream' ? 0n : actual + 1n) + BigInt(i);
          const metadata = event.metadata === undefined ? null : JSON.stringify(event.metadata);
          const { lastInsertRowid } = insert.run(stream, revision, event.type, JSON.stringify(event.data ?? null), metadata, recordedAt);
          result = { nextRevision: revision, position: BigInt(lastInsertRowid) };
        });
        return result!;
      });
      const result = write.immediate();
      this.subscriptions.wakeAll();
      return result;
    });
  }

  readStream(stream: string, options: { fromRevision?: bigint } = {}): Promise<Port.RecordedEvent[]> {
    return this.run(`read stream "${stream}"`, () =>
      (
        this.db
          .prepare(`SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision`)
          .all(stream, options.fromRevision ?? 0n) as EventRow[]
      ).map(toEvent),
    );
  }

  readAll(options: Port.ReadAllOptions = {}): Promise<Port.RecordedEvent[]> {
    return this.run('read $all', () =>
      (
        this.db
          .prepare(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`)
          .all(options.fromPosition ?? 0n, options.limit ?? -1) as EventRow[]
      ).map(toEvent),
    );
  }

  subscribeToAll(onEvent: (event: Port.RecordedEvent) => Promise<void>, options: Port.SubscribeOptions = {}): Promise<Port.Subscription> {
    return this.run('subscribeToAll', () =>
      this.subscriptions.add(new PollingSubscription((o) => this.readAll(o), onEvent, options.fromPosition, this.pollIntervalMs)),
    );
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.subscriptions.closeAll();
      this.db.close();
    })();
    return this.closing;
  }

  private run<T>(operation: string, work: () => T): Promise<T> {
    if (this.closing !== undefined) return Promise.reject(new EventStoreClosedError(operation));
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(toSqliteStoreError(operation, error));
    }
  }
}
