import type { AcceptedEventsRegistry, AcceptOnceOutcome, EventIdentity } from '@govmetrics/ingestion';
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

/** One table, (source, id) primary key: the ingest's answer `duplicate` comes from here, forever (no expiry). */
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
   */
  async acceptOnce(events: readonly EventIdentity[], publish: (alreadyAccepted: ReadonlySet<string>) => Promise<void>): Promise<AcceptOnceOutcome> {
    if (events.length === 0) {
      await publish(new Set());
      return { alreadyAccepted: new Set(), recorded: Promise.resolve() };
    }
    const client = await this.run('connect', () => this.pool.connect());
    let alreadyAccepted: Set<string>;
    try {
      const { rows } = await this.run('record', async () => {
        // The record only sharpens future `duplicate` answers (the projector guarantees the effect), so it need not
        // wait for its own WAL flush: a PostgreSQL crash may forget the last moments, never a Kafka acknowledgement.
        await client.query('BEGIN; SET LOCAL synchronous_commit TO OFF');
        return client.query<EventIdentity>(
          `INSERT INTO ${this.table} (source, id) SELECT * FROM unnest($1::text[], $2::text[]) AS b(source, id) ORDER BY source, id ON CONFLICT DO NOTHING RETURNING source, id`,
          [events.map((event) => event.source), events.map((event) => event.id)],
        );
      });
      const inserted = new Set(rows.map(dedupKey));
      alreadyAccepted = new Set(events.map(dedupKey).filter((key) => !inserted.has(key)));
      await publish(alreadyAccepted);
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
    return { alreadyAccepted, recorded };
  }

  private async run<T>(operation: string, query: () => Promise<T>): Promise<T> {
    try {
      return await query();
    } catch (error) {
      throw new IdempotencyStoreUnavailableError(operation, { cause: error });
    }
  }
}
