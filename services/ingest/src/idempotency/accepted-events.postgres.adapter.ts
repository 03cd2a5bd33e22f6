import type {
  AcceptedEventsLookup,
  AcceptedEventsRegistry,
  AcceptOnceOutcome,
  EventClaim,
  EventIdentity,
  PriorAcceptance,
  PriorAcceptances,
} from '@govmetrics/ingestion';
import { dedupKey, IdempotencyStoreUnavailableError } from '@govmetrics/ingestion';
import { hash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';

/** Socket errors (ECONNREFUSED…) and SQLSTATE classes 08 connection, 40 rollback, 53 resources, 57 shutdown. */
function isTransient(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return typeof code !== 'string' || /^(E[A-Z]|08|40|53|57)/.test(code);
}

const unavailable = (operation: string, cause: unknown) =>
  new IdempotencyStoreUnavailableError(`idempotency store ${operation} failed: ${cause instanceof Error ? cause.message : String(cause)}`, isTransient(cause), {
    cause,
  });

/** A connection whose COMMIT or ROLLBACK failed is in an unknown state: destroy it rather than reuse it. */
const releaseOrDestroy = (client: PoolClient, failure: unknown) =>
  client.release(failure === undefined ? undefined : failure instanceof Error ? failure : new Error('COMMIT or ROLLBACK failed', { cause: failure }));

// The record only sharpens future `duplicate` answers (the projector guarantees the effect), so it need not wait for
// its own WAL flush: a PostgreSQL crash may forget the last moments, never a Kafka acknowledgement.
const BEGIN_UNFLUSHED = 'BEGIN; SET LOCAL synchronous_commit TO OFF';

const isUniqueViolation = (error: unknown) => typeof error === 'object' && error !== null && 'code' in error && error.code === '23505';

/** A PostgreSQL array literal of hex strings (claim keys, content digests), which need no quoting: node-postgres would quote and escape each element. */
const hexArray = (hexes: readonly string[]) => `{${hexes.join(',')}}`;

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The claim key of (source, id): the first 16 bytes of SHA-256 over `<UTF-8 length of source>:<source><id>`, in hex.
 * {@link CLAIM_KEY_SQL} computes the same from text columns, for looking an event up by hand.
 */
export const claimKey = (event: EventIdentity): string => hash('sha256', `${Buffer.byteLength(event.source)}:${event.source}${event.id}`, 'hex').slice(0, 32);
export const CLAIM_KEY_SQL = `substring(sha256(convert_to(octet_length(source)::text || ':' || source || id, 'UTF8')) from 1 for 16)`;

/**
 * One table keyed by a 16-byte hash of (source, id) (a third smaller and cheaper to insert into than a two-text key),
 * with the 16-byte digest of each event's canonical content: the ingest's answers `duplicate` and
 * `id_reused_with_different_data` come from here, forever (no expiry).
 */
export class AcceptedEventsPostgresAdapter implements AcceptedEventsRegistry, AcceptedEventsLookup {
  private readonly table: string;

  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {
    // An idle connection lost with its server is emitted on the pool, and an unheard 'error' would end the process;
    // the next query that needs a connection reports the outage (503) instead.
    pool.on('error', () => undefined);
    // A connection lent out (a claim held through its Kafka transaction) emits on itself, where the pool does not listen:
    // that ended the ingest when PostgreSQL stopped mid-batch. Its query fails anyway (503), and the pool drops it on release.
    pool.on('connect', (client) => client.on('error', () => undefined));
    this.table = `${quoteIdent(schema)}.accepted_event_keys`;
  }

  /** Creates the schema and the table; replicas starting together are serialized by an advisory lock. */
  async migrate(): Promise<void> {
    await this.run('migrate', async () => {
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [this.table]);
        // Under the lock: two ingests starting on an empty database both ran CREATE SCHEMA IF NOT EXISTS, and one failed on
        // pg_namespace's unique index (the cluster fault suite, 2026-11-30). Checked first: PostgreSQL refuses even
        // CREATE SCHEMA IF NOT EXISTS to a user without CREATE on the database (ours owns only its schema).
        const { rows: found } = await client.query<{ present: boolean }>('SELECT to_regnamespace($1) IS NOT NULL AS present', [quoteIdent(this.schema)]);
        if (!found[0]?.present) await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(this.schema)}`);
        await client.query(
          `CREATE TABLE IF NOT EXISTS ${this.table} (key bytea PRIMARY KEY, content_digest bytea NOT NULL, accepted_at timestamptz NOT NULL DEFAULT now())`,
        );
        await client.query('COMMIT');
        client.release();
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        client.release(error instanceof Error ? error : undefined);
        throw error;
      }
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** Resolves when PostgreSQL answers and the claim table is there: what every batch needs. */
  async ping(): Promise<void> {
    await this.run('ping', () => this.pool.query(`SELECT 1 FROM ${this.table} LIMIT 0`));
  }

  /** One primary-key read; an uncommitted claim (its batch still publishing) is not seen. */
  async find(event: EventIdentity): Promise<PriorAcceptance | undefined> {
    const { rows } = await this.run('lookup', () =>
      this.pool.query<{ digest: string; accepted_at: Date }>(
        `SELECT encode(content_digest, 'hex') AS digest, accepted_at FROM ${this.table} WHERE key = decode($1, 'hex')`,
        [claimKey(event)],
      ),
    );
    const [row] = rows;
    return row && { digest: row.digest, acceptedAt: row.accepted_at };
  }

  /**
   * One PostgreSQL transaction around the caller's publication: the claim (see {@link claim}) tells the new events from
   * those accepted before, ROLLBACK undoes it when `publish` fails, and COMMIT follows a successful `publish` without
   * the caller waiting for it (`recorded`). The rows stay locked until then, so a concurrent batch with the same event
   * (even a resend of an answered one) waits and then sees it as accepted. Rows are inserted in key order so that two
   * such batches lock in the same order and cannot deadlock.
   */
  async acceptOnce(events: readonly EventClaim[], publish: (acceptedBefore: PriorAcceptances) => Promise<void>): Promise<AcceptOnceOutcome> {
    if (events.length === 0) {
      await publish(new Map());
      return { accepted: new Map(), recorded: Promise.resolve() };
    }
    const client = await this.run('connect', () => this.pool.connect());
    let accepted: PriorAcceptances;
    try {
      accepted = await this.run('record', () => this.claim(client, events));
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
        throw unavailable('commit', error);
      },
    );
    return { accepted, recorded };
  }

  /**
   * Inserts a row per event and returns the events accepted before. Nearly every batch is new: a plain INSERT, which
   * costs PostgreSQL a quarter less than ON CONFLICT DO NOTHING RETURNING (speculative insertion, a row back per event),
   * settles it. A unique violation undoes that transaction; a fresh one then claims with ON CONFLICT DO NOTHING, and only
   * the keys it did not take are read back with their digests. Both statements wait for a concurrent claimant of a key.
   */
  private async claim(client: PoolClient, events: readonly EventClaim[]): Promise<PriorAcceptances> {
    const keys = events.map(claimKey);
    const claimed =
      `${this.table} (key, content_digest) SELECT decode(key, 'hex'), decode(digest, 'hex') ` +
      `FROM unnest($1::text[], $2::text[]) AS b(key, digest) ORDER BY 1`;
    const values = [hexArray(keys), hexArray(events.map((event) => event.digest))];
    await client.query(BEGIN_UNFLUSHED);
    try {
      await client.query(`INSERT INTO ${claimed}`, values);
      return new Map();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    await client.query(`ROLLBACK; ${BEGIN_UNFLUSHED}`);
    const { rows } = await client.query<{ key: string }>(`INSERT INTO ${claimed} ON CONFLICT DO NOTHING RETURNING encode(key, 'hex') AS key`, values);
    // A concurrent claimant that held a key at the first attempt may have rolled back meanwhile.
    return rows.length === events.length ? new Map() : this.acceptedBefore(client, events, keys, new Set(rows.map((row) => row.key)));
  }

  /**
   * The records of the claimed keys the INSERT did not take. The INSERT waited for any concurrent claimant of them to
   * finish, and this statement's fresh snapshot (READ COMMITTED) sees what that claimant committed.
   */
  private async acceptedBefore(
    client: PoolClient,
    events: readonly EventClaim[],
    keys: readonly string[],
    inserted: ReadonlySet<string>,
  ): Promise<Map<string, PriorAcceptance>> {
    const eventByKey = new Map(keys.map((key, n) => [key, events[n] as EventClaim]));
    const conflicting = keys.filter((key) => !inserted.has(key));
    const { rows } = await client.query<{ key: string; digest: string; accepted_at: Date }>(
      `SELECT encode(key, 'hex') AS key, encode(content_digest, 'hex') AS digest, accepted_at ` +
        `FROM ${this.table} WHERE key = ANY(SELECT decode(k, 'hex') FROM unnest($1::text[]) AS k)`,
      [conflicting],
    );
    // Only a concurrent DELETE could make a conflicting record vanish; judging without it could publish the event twice.
    if (rows.length !== conflicting.length) throw new Error(`${conflicting.length - rows.length} conflicting claims have no record; send the batch again`);
    return new Map(rows.map((row) => [dedupKey(eventByKey.get(row.key) as EventClaim), { digest: row.digest, acceptedAt: row.accepted_at }]));
  }

  private async run<T>(operation: string, query: () => Promise<T>): Promise<T> {
    try {
      return await query();
    } catch (error) {
      throw unavailable(operation, error);
    }
  }
}
