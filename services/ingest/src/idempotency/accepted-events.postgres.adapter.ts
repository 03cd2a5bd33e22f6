import type { AcceptedEventsRegistry, AcceptOnceOutcome, EventClaim, EventIdentity, PriorAcceptance, PriorAcceptances } from '@govmetrics/ingestion';
import { dedupKey } from '@govmetrics/ingestion';
import type { Pool, PoolClient } from 'pg';

/** PostgreSQL could not answer; the batch must not be judged without its memory of accepted events. */
export class IdempotencyStoreUnavailableError extends Error {
  readonly code = 'IDEMPOTENCY_STORE_UNAVAILABLE';
  readonly retriable: boolean;
  constructor(operation: string, options: { cause: unknown }) {
    super(`idempotency store ${operation} failed: ${options.cause instanceof Error ? options.cause.message : String(options.cause)}`, options);
    this.name = 'IdempotencyStoreUnavailableError';
    this.retriable = isTransient(options.cause);
  }
}

/** Socket errors (ECONNREFUSED…) and SQLSTATE classes 08 connection, 40 rollback, 53 resources, 57 shutdown. */
function isTransient(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return typeof code !== 'string' || /^(E[A-Z]|08|40|53|57)/.test(code);
}

/** A connection whose COMMIT or ROLLBACK failed is in an unknown state: destroy it rather than reuse it. */
const releaseOrDestroy = (client: PoolClient, failure: unknown) => client.release(failure === undefined ? undefined : failure instanceof Error ? failure : new Error('COMMIT or ROLLBACK failed', { cause: failure }));

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * One table, (source, id) primary key, with the 16-byte digest of each event's canonical content: the ingest's
 * answers `duplicate` and `id_reused_with_different_data` come from here, forever (no expiry).
 */
export class AcceptedEventsPostgresAdapter implements AcceptedEventsRegistry {
  private readonly table: string;

  constructor(
    private readonly pool: Pool,
    schema: string,
  ) {
    this.table = `${quoteIdent(schema)}.accepted_events`;
  }

  async migrate(schema: string): Promise<void> {
    await this.run('migrate', async () => {
      await this.pool.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      await this.pool.query(
        `CREATE TABLE IF NOT EXISTS ${this.table} (source text NOT NULL, id text NOT NULL, accepted_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (source, id))`,
      );
      // Added after the table first shipped: nullable, so adding it is instant; rows from before keep NULL (content unknown).
      await this.pool.query(`ALTER TABLE ${this.table} ADD COLUMN IF NOT EXISTS content_digest bytea`);
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /**
   * One PostgreSQL transaction around the caller's publication: INSERT … ON CONFLICT DO NOTHING RETURNING tells the
   * new events from those accepted before in one statement, ROLLBACK undoes it when `publish` fails, and COMMIT
   * follows a successful `publish` without the caller waiting for it (`recorded`). The rows stay locked until then,
   * so a concurrent batch with the same event (even a resend of an answered one) waits and then sees it as accepted.
   * Rows are inserted in key order so that two such batches lock in the same order and cannot deadlock.
   * Only when some keys conflicted does a second statement read their digests: the common batch pays one statement.
   */
  async acceptOnce(events: readonly EventClaim[], publish: (acceptedBefore: PriorAcceptances) => Promise<void>): Promise<AcceptOnceOutcome> {
    if (events.length === 0) {
      await publish(new Map());
      return { accepted: new Map(), recorded: Promise.resolve() };
    }
    const client = await this.run('connect', () => this.pool.connect());
    let accepted: PriorAcceptances;
    try {
      accepted = await this.run('record', async () => {
        // The record only sharpens future `duplicate` answers (the projector guarantees the effect), so it need not
        // wait for its own WAL flush: a PostgreSQL crash may forget the last moments, never a Kafka acknowledgement.
        await client.query('BEGIN; SET LOCAL synchronous_commit TO OFF');
        const { rows } = await client.query<EventIdentity>(
          `INSERT INTO ${this.table} (source, id, content_digest) SELECT source, id, decode(digest, 'hex') FROM unnest($1::text[], $2::text[], $3::text[]) AS b(source, id, digest) ORDER BY source, id ON CONFLICT DO NOTHING RETURNING source, id`,
          [events.map((event) => event.source), events.map((event) => event.id), events.map((event) => event.digest)],
        );
        return rows.length === events.length ? new Map() : this.acceptedBefore(client, events, new Set(rows.map(dedupKey)));
      });
      await publish(accepted);
    } catch (error) {
      const rollbackFailure = await client.query('ROLLBACK').then(
        () => undefined,
        (rollbackError: unknown) => rollbackError,
      );
      releaseOrDestroy(client, rollbackFailure);
      throw error;
    }
    const recorded = client.query('COMMIT').then(
      () => client.release(),
      (error: unknown) => {
        releaseOrDestroy(client, error);
        throw new IdempotencyStoreUnavailableError('commit', { cause: error });
      },
    );
    return { accepted, recorded };
  }

  /**
   * The records of the claimed keys the INSERT did not take. The INSERT waited for any concurrent claimant of them to
   * finish, and this statement's fresh snapshot (READ COMMITTED) sees what that claimant committed.
   */
  private async acceptedBefore(client: PoolClient, events: readonly EventClaim[], inserted: ReadonlySet<string>): Promise<Map<string, PriorAcceptance>> {
    const conflicting = events.filter((event) => !inserted.has(dedupKey(event)));
    const { rows } = await client.query<EventIdentity & { digest: string | null; accepted_at: Date }>(
      `SELECT a.source, a.id, encode(a.content_digest, 'hex') AS digest, a.accepted_at FROM ${this.table} a JOIN unnest($1::text[], $2::text[]) AS b(source, id) USING (source, id)`,
      [conflicting.map((event) => event.source), conflicting.map((event) => event.id)],
    );
    // Only a concurrent DELETE could make a conflicting record vanish; judging without it could publish the event twice.
    if (rows.length !== conflicting.length) throw new Error(`${conflicting.length - rows.length} conflicting claims have no record; send the batch again`);
    return new Map(rows.map((row) => [dedupKey(row), { digest: row.digest, acceptedAt: row.accepted_at }]));
  }

  private async run<T>(operation: string, query: () => Promise<T>): Promise<T> {
    try {
      return await query();
    } catch (error) {
      throw new IdempotencyStoreUnavailableError(operation, { cause: error });
    }
  }
}
