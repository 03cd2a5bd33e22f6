import type * as Port from '@govmetrics/event-store';
import { EventStoreClosedError, assertAppendable, assertExpectedRevision } from '@govmetrics/event-store';
import type { PoolClient } from 'pg';
import { Client, Pool } from 'pg';
import { PollingSubscription, SubscriptionRegistry } from '../polling-subscription';
import { recordedEvent } from '../recorded-event';
import { toPostgresStoreError } from './postgres-errors';
import type { EventRow } from './postgres.schema';
import { APPENDED_CHANNEL, APPEND_LOCK, CREATE_EVENTS_TABLE, EVENT_COLUMNS, SCHEMA_LOCK } from './postgres.schema';

export interface PostgresEventStoreOptions {
  /** e.g. `postgres://postgres@127.0.0.1:5432/govmetrics`; the database must exist, the table is created. */
  connectionString: string;
  /** How often a caught-up subscription looks for events a missed NOTIFY did not announce. */
  pollIntervalMs?: number;
  maxConnections?: number;
}

const toEvent = (row: EventRow): Port.RecordedEvent =>
  recordedEvent({
    position: BigInt(row.position),
    stream: row.stream,
    revision: BigInt(row.revision),
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at,
  });

/** The event store in server mode: one `events` table in a PostgreSQL database. */
export class PostgresEventStore implements Port.EventStore {
  private readonly subscriptions = new SubscriptionRegistry();
  private listener: Promise<Client> | undefined;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly pool: Pool,
    private readonly options: PostgresEventStoreOptions,
  ) {}

  /** Connects and creates the table when missing. */
  static async open(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const pool = new Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 5 });
    // An idle client that loses its connection emits here; the next query reports the failure to its caller.
    pool.on('error', () => undefined);
    // A client lent out (a transaction) emits on itself, where the pool does not listen: unheard, that ends the process
    // when PostgreSQL goes away. Its query fails anyway, and the pool drops it when it comes back unqueryable.
    pool.on('connect', (client) => client.on('error', () => undefined));
    const store = new PostgresEventStore(pool, options);
    try {
      await store.transaction(async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
        // Checked first: PostgreSQL refuses even CREATE TABLE IF NOT EXISTS to a user without CREATE (the ledger's writers and readers).
        const { rows } = await client.query<{ present: boolean }>(`SELECT to_regclass('events') IS NOT NULL AS present`);
        if (!rows[0]?.present) await client.query(CREATE_EVENTS_TABLE);
      });
    } catch (error) {
      await pool.end();
      throw toPostgresStoreError('create the events table', error);
    }
    return store;
  }

  async append(stream: string, events: readonly Port.NewEvent[], expected: Port.ExpectedRevision): Promise<Port.AppendResult> {
    this.assertOpen('append');
    assertAppendable(stream, events);
    try {
      const result = await this.transaction(async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK]);
        const { rows } = await client.query<{ last: string | null }>('SELECT max(revision) AS last FROM events WHERE stream = $1', [stream]);
        const actual = rows[0]?.last === null || rows[0]?.last === undefined ? 'no_stream' : BigInt(rows[0].last);
        assertExpectedRevision(stream, expected, actual);
        const first = actual === 'no_stream' ? 0n : actual + 1n;
        const inserted = await client.query<{ position: string; revision: string }>(
          `INSERT INTO events (stream, revision, type, data, metadata)
           SELECT $1, e.revision, e.type, e.data::jsonb, e.metadata::jsonb
           FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[]) AS e(revision, type, data, metadata)
           ORDER BY e.revision
           RETURNING position, revision`,
          [
            stream,
            events.map((_, i) => String(first + BigInt(i))),
            events.map((e) => e.type),
            events.map((e) => JSON.stringify(e.data ?? null)),
            events.map((e) => (e.metadata === undefined ? null : JSON.stringify(e.metadata))),
          ],
        );
        await client.query('SELECT pg_notify($1, $2)', [APPENDED_CHANNEL, stream]);
        const last = inserted.rows.reduce((a, b) => (BigInt(a.position) > BigInt(b.position) ? a : b));
        return { nextRevision: BigInt(last.revision), position: BigInt(last.position) };
      });
      this.subscriptions.wakeAll();
      return result;
    } catch (error) {
      throw toPostgresStoreError(`append to "${stream}"`, error);
    }
  }

  async readStream(stream: string, options: { fromRevision?: bigint } = {}): Promise<Port.RecordedEvent[]> {
    this.assertOpen('readStream');
    try {
      const { rows } = await this.pool.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE stream = $1 AND revision >= $2 ORDER BY revision`, [
        stream,
        String(options.fromRevision ?? 0n),
      ]);
      return rows.map(toEvent);
    } catch (error) {
      throw toPostgresStoreError(`read stream "${stream}"`, error);
    }
  }

  async readAll(options: Port.ReadAllOptions = {}): Promise<Port.RecordedEvent[]> {
    this.assertOpen('readAll');
    try {
      const { rows } = await this.pool.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE position > $1 ORDER BY position LIMIT $2`, [
        String(options.fromPosition ?? 0n),
        options.limit ?? null,
      ]);
      return rows.map(toEvent);
    } catch (error) {
      throw toPostgresStoreError('read $all', error);
    }
  }

  /** Reads that find PostgreSQL away are tried again until it answers (see {@link PollingSubscription}); LISTEN is taken up again then. */
  async subscribeToAll(onEvent: (event: Port.RecordedEvent) => Promise<void>, options: Port.SubscribeOptions = {}): Promise<Port.Subscription> {
    this.assertOpen('subscribeToAll');
    await this.listen().catch(() => undefined);
    const read = (page: Port.ReadAllOptions) => {
      // Without a listener delivery waits for the poll: worth a try at every read, never a reason to fail one.
      if (this.closing === undefined) void this.listen().catch(() => undefined);
      return this.readAll(page);
    };
    return this.subscriptions.add(new PollingSubscription(read, onEvent, options.fromPosition, this.options.pollIntervalMs ?? 1000));
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.subscriptions.closeAll();
      const listener = await this.listener?.catch(() => undefined);
      await listener?.end();
      await this.pool.end();
    })();
    return this.closing;
  }

  /** One connection per store LISTENs, so subscribers learn of other processes' commits without waiting for a poll. */
  private listen(): Promise<Client> {
    if (this.listener) return this.listener;
    const listening = (async () => {
      const client = new Client({ connectionString: this.options.connectionString });
      // A lost listener only delays delivery to the next poll, until the next read listens again; queries report their own failures.
      const lost = () => {
        if (this.listener === listening && this.closing === undefined) this.listener = undefined;
      };
      client.on('error', lost);
      client.on('end', lost);
      client.on('notification', () => this.subscriptions.wakeAll());
      try {
        await client.connect();
        await client.query(`LISTEN ${APPENDED_CHANNEL}`);
        return client;
      } catch (error) {
        lost();
        await client.end().catch(() => undefined);
        throw toPostgresStoreError('listen for appends', error);
      }
    })();
    this.listener = listening;
    return listening;
  }

  private async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private assertOpen(operation: string): void {
    if (this.closing !== undefined) throw new EventStoreClosedError(operation);
  }
}
