import { dedupKey } from '@govmetrics/ingestion';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { AcceptedEventsPostgresAdapter, IdempotencyStoreUnavailableError } from './accepted-events.postgres.adapter';

const DATABASE_URL = process.env.INGEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

describe(AcceptedEventsPostgresAdapter.name, () => {
  const schema = `accepted_${randomBytes(5).toString('hex')}`;
  const pool = new Pool({ connectionString: DATABASE_URL, max: 4 });
  const registry = new AcceptedEventsPostgresAdapter(pool, schema);

  beforeAll(() => registry.migrate(schema));

  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await registry.close();
  });

  it('remembers (source, id) pairs and finds exactly those again, the same id from another source not included', async () => {
    await registry.recordAccepted([
      { source: 'urn:dga:platform:gdx', id: 'a' },
      { source: 'urn:dga:platform:gdx', id: 'b' },
    ]);

    const found = await registry.findAccepted([
      { source: 'urn:dga:platform:gdx', id: 'a' },
      { source: 'urn:dga:platform:mailgothai', id: 'a' },
      { source: 'urn:dga:platform:gdx', id: 'c' },
    ]);

    expect(found).toEqual(new Set([dedupKey({ source: 'urn:dga:platform:gdx', id: 'a' })]));
  });

  it('when two writers record the same event at once, exactly one of them learns it was first', async () => {
    const events = Array.from({ length: 200 }, (_, n) => ({ source: 'urn:dga:platform:gdx', id: `race-${n}` }));

    const [left, right] = await Promise.all([registry.recordAccepted(events), registry.recordAccepted([...events].reverse())]);

    for (const event of events) expect(Number(left.has(dedupKey(event))) + Number(right.has(dedupKey(event)))).toBe(1);
  });

  it('says a database it cannot reach is a retriable failure', async () => {
    const unreachable = new AcceptedEventsPostgresAdapter(new Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/postgres', connectionTimeoutMillis: 2000 }), schema);
    const failure = await unreachable.findAccepted([{ source: 's', id: 'i' }]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(IdempotencyStoreUnavailableError);
    expect(failure).toMatchObject({ code: 'IDEMPOTENCY_STORE_UNAVAILABLE', retriable: true });
    await unreachable.close();
  });
});
