import type { EventClaim, PriorAcceptances } from '@govmetrics/ingestion';
import { dedupKey, IdempotencyStoreUnavailableError } from '@govmetrics/ingestion';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { AcceptedEventsPostgresAdapter, claimKey, CLAIM_KEY_SQL } from './accepted-events.postgres.adapter';

const DATABASE_URL = process.env.INGEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

describe(AcceptedEventsPostgresAdapter.name, () => {
  const schema = `accepted_${randomBytes(5).toString('hex')}`;
  const pool = new Pool({ connectionString: DATABASE_URL, max: 4 });
  const registry = new AcceptedEventsPostgresAdapter(pool, schema);

  beforeAll(() => registry.migrate());

  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await registry.close();
  });

  const DIGEST = 'a1'.repeat(16);
  const OTHER_DIGEST = 'b2'.repeat(16);
  const gdx = (id: string, digest = DIGEST): EventClaim => ({ source: 'urn:dga:platform:gdx', id, digest });
  const publishNothingNew = () => Promise.resolve();
  const keys = (accepted: PriorAcceptances) => new Set(accepted.keys());
  const digestsOf = (accepted: PriorAcceptances) => new Map([...accepted].map(([key, { digest }]) => [key, digest]));

  it('remembers (source, id) pairs and answers exactly those as accepted before, the same id from another source not included', async () => {
    await (
      await registry.acceptOnce([gdx('a'), gdx('b')], publishNothingNew)
    ).recorded;

    const seen: Set<string>[] = [];
    const outcome = await registry.acceptOnce([gdx('a'), { source: 'urn:dga:platform:mailgothai', id: 'a', digest: DIGEST }, gdx('c')], (acceptedBefore) => {
      seen.push(keys(acceptedBefore));
      return Promise.resolve();
    });

    await outcome.recorded;
    expect(keys(outcome.accepted)).toEqual(new Set([dedupKey(gdx('a'))]));
    expect(seen).toEqual([new Set([dedupKey(gdx('a'))])]);
  });

  it('answers a repeat with the digest and accept time of the original, whether the repeat carries the same digest or another', async () => {
    const startedAt = Date.now();
    await (
      await registry.acceptOnce([gdx('kept', DIGEST)], publishNothingNew)
    ).recorded;

    const same = await registry.acceptOnce([gdx('kept', DIGEST)], publishNothingNew);
    await same.recorded;
    const other = await registry.acceptOnce([gdx('kept', OTHER_DIGEST)], publishNothingNew);
    await other.recorded;

    for (const outcome of [same, other]) {
      const original = outcome.accepted.get(dedupKey(gdx('kept')));
      expect(original?.digest).toBe(DIGEST);
      expect(original?.acceptedAt.getTime()).toBeGreaterThanOrEqual(startedAt - 5_000);
    }
    const { rows } = await pool.query(`SELECT encode(content_digest, 'hex') AS digest FROM "${schema}".accepted_event_keys WHERE key = decode($1, 'hex')`, [
      claimKey(gdx('kept')),
    ]);
    expect(rows).toEqual([{ digest: DIGEST }]); // the repeat with other content changed nothing
  });

  it('answers a resend that arrives before the first record committed as accepted before: it waits for that commit', async () => {
    const events = [gdx('early-1'), gdx('early-2')];
    const first = await registry.acceptOnce(events, publishNothingNew); // answered; its COMMIT may still be in flight

    const resent = await registry.acceptOnce(
      events.map((event) => ({ ...event, digest: OTHER_DIGEST })),
      publishNothingNew,
    );

    await Promise.all([first.recorded, resent.recorded]);
    expect(digestsOf(resent.accepted)).toEqual(new Map(events.map((event) => [dedupKey(event), DIGEST])));
  });

  it('remembers nothing of a batch whose publication failed, so the resent batch is new again', async () => {
    const events = [gdx('failed-1'), gdx('failed-2')];

    await expect(registry.acceptOnce(events, () => Promise.reject(new Error('Kafka is down')))).rejects.toThrow('Kafka is down');
    const resent = await registry.acceptOnce(events, publishNothingNew);
    await resent.recorded;

    expect(resent.accepted).toEqual(new Map());
  });

  it('when two batches claim the same ids at once with different content, each id is published by exactly one, and the other learns its digest', async () => {
    const ids = Array.from({ length: 200 }, (_, n) => `race-${n}`);
    const published: string[] = [];
    const learnt: string[] = [];
    const claimAll = (digest: string, order: string[]) => {
      const batch = order.map((id) => gdx(id, digest));
      return registry.acceptOnce(batch, async (acceptedBefore) => {
        await new Promise((done) => setTimeout(done, 50)); // a Kafka transaction takes a while: the other batch must wait for it
        published.push(...batch.filter((event) => !acceptedBefore.has(dedupKey(event))).map((event) => `${event.id}@${digest}`));
        learnt.push(...[...acceptedBefore.values()].map((original) => original.digest ?? 'unknown'));
      });
    };

    const outcomes = await Promise.all([claimAll(DIGEST, ids), claimAll(OTHER_DIGEST, [...ids].reverse())]);
    await Promise.all(outcomes.map((outcome) => outcome.recorded));

    expect(published.map((entry) => entry.split('@')[0]).sort()).toEqual([...ids].sort());
    const winner = published[0]?.split('@')[1];
    expect(published.every((entry) => entry.endsWith(`@${winner}`))).toBe(true);
    expect(learnt).toEqual(ids.map(() => winner));
  });

  it('computes the claim key in SQL as in TypeScript, so an operator can look an event up by (source, id)', async () => {
    const { rows } = await pool.query(`SELECT encode(${CLAIM_KEY_SQL}, 'hex') AS key FROM (VALUES ($1::text, $2::text)) AS e(source, id)`, [
      'urn:dga:platform:สพร',
      'id-ไทย-1',
    ]);
    expect(rows).toEqual([{ key: claimKey({ source: 'urn:dga:platform:สพร', id: 'id-ไทย-1' }) }]);
  });

  it('lets eight ingests starting together on an empty database all migrate it: the schema is created once, under the lock', async () => {
    const fresh = `accepted_${randomBytes(5).toString('hex')}`;
    const pools = Array.from({ length: 8 }, () => new Pool({ connectionString: DATABASE_URL, max: 2 }));
    try {
      // Connected beforehand, so that the eight really run their statements at the same moment
      await Promise.all(pools.map((each) => each.query('SELECT 1')));
      await Promise.all(pools.map((each) => new AcceptedEventsPostgresAdapter(each, fresh).migrate()));
      const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM pg_namespace WHERE nspname = $1', [fresh]);
      expect(rows[0]?.n).toBe('1');
    } finally {
      await pool.query(`DROP SCHEMA IF EXISTS "${fresh}" CASCADE`);
      await Promise.all(pools.map((each) => each.end()));
    }
  });

  it('says a database it cannot reach is a retriable failure', async () => {
    const unreachable = new AcceptedEventsPostgresAdapter(
      new Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/postgres', connectionTimeoutMillis: 2000 }),
      schema,
    );
    const failure = await unreachable.acceptOnce([gdx('i')], publishNothingNew).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(IdempotencyStoreUnavailableError);
    expect(failure).toMatchObject({ code: 'IDEMPOTENCY_STORE_UNAVAILABLE', retriable: true });
    await unreachable.close();
  });
});
