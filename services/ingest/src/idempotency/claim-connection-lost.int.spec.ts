import type { EventClaim } from '@govmetrics/ingestion';
import { IdempotencyStoreUnavailableError } from '@govmetrics/ingestion';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { AcceptedEventsPostgresAdapter } from './accepted-events.postgres.adapter';

const DATABASE_URL = process.env.INGEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const sleep = (ms: number) => new Promise((later) => setTimeout(later, ms));

describe('a claim whose PostgreSQL session ends while its batch is being published (what a server shutdown does)', () => {
  const schema = `claim_lost_${randomBytes(5).toString('hex')}`;
  // Named, so that the test can find the claim's session among the server's.
  const pool = new Pool({ connectionString: DATABASE_URL, max: 2, application_name: schema });
  const registry = new AcceptedEventsPostgresAdapter(pool, schema);
  const admin = new Pool({ connectionString: DATABASE_URL, max: 1 });

  beforeAll(() => registry.migrate());

  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
    await registry.close();
  });

  const claim = (id: string): EventClaim => ({ source: 'urn:dga:platform:gdx', id, digest: 'a1'.repeat(16) });

  /** Ends the session that holds a claim open (idle in its transaction while the batch publishes), as a fast shutdown does. */
  async function endClaimSession(): Promise<void> {
    const { rows } = await admin.query<{ ended: boolean }>(
      `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE application_name = $1 AND state = 'idle in transaction'`,
      [schema],
    );
    expect(rows.map((row) => row.ended)).toEqual([true]);
    // The session's end reaches the client as an error on a connection with no query running: let it arrive.
    await sleep(500);
  }

  it('reports the record as unavailable, records nothing, and the process goes on claiming with a fresh connection', async () => {
    // Given a batch whose claim holds its connection through the publication
    // When the server ends that session mid-publication (before the fix, the lent-out connection's unheard `error` ended the process here)
    const outcome = await registry.acceptOnce([claim('lost')], endClaimSession);

    // Then the batch's record fails as a retriable unavailability, and nothing of it was recorded
    await expect(outcome.recorded).rejects.toBeInstanceOf(IdempotencyStoreUnavailableError);
    expect(await registry.find(claim('lost'))).toBeUndefined();

    // And the next batch claims as usual
    const next = await registry.acceptOnce([claim('next')], () => Promise.resolve());
    await next.recorded;
    expect(await registry.find(claim('next'))).toMatchObject({ digest: 'a1'.repeat(16) });
  });
});
