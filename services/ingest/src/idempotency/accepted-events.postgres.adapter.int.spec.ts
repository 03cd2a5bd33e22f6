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

  const gdx = (id: string) => ({ source: 'urn:dga:platform:gdx', id });
  const publishNothingNew = () => Promise.resolve();

  it('remembers (source, id) pairs and answers exactly those as accepted before, the same id from another source not included', async () => {
    await (await registry.acceptOnce([gdx('a'), gdx('b')], publishNothingNew)).recorded;

    const seen: ReadonlySet<string>[] = [];
    const outcome = await registry.acceptOnce([gdx('a'), { source: 'urn:dga:platform:mailgothai', id: 'a' }, gdx('c')], (alreadyAccepted) => {
      seen.push(alreadyAccepted);
      return Promise.resolve();
    });

    await outcome.recorded;
    expect(outcome.alreadyAccepted).toEqual(new Set([dedupKey(gdx('a'))]));
    expect(seen).toEqual([new Set([dedupKey(gdx('a'))])]);
  });

  it('answers a resend that arrives before the first record committed as accepted before: it waits for that commit', async () => {
    const events = [gdx('early-1'), gdx('early-2')];
    const first = await registry.acceptOnce(events, publishNothingNew); // answered; its COMMIT may still be in flight

    const resent = await registry.acceptOnce(events, publishNothingNew);

    await Promise.all([first.recorded, resent.recorded]);
    expect(resent.alreadyAccepted).toEqual(new Set(events.map(dedupKey)));
  });

  it('remembers nothing of a batch whose publication failed, so the resent batch is new again', async () => {
    const events = [gdx('failed-1'), gdx('failed-2')];

    await expect(registry.acceptOnce(events, () => Promise.reject(new Error('Kafka is down')))).rejects.toThrow('Kafka is down');
    const resent = await registry.acceptOnce(events, publishNothingNew);
    await resent.recorded;

    expect(resent.alreadyAccepted).toEqual(new Set());
  });

  it('when two batches claim the same events at once, each event is published by exactly one of them', async () => {
    const events = Array.from({ length: 200 }, (_, n) => gdx(`race-${n}`));
    const publishedBy = (batch: typeof events) => async (alreadyAccepted: ReadonlySet<string>) => {
      await new Promise((done) => setTimeout(done, 50)); // a Kafka transaction takes a while: the other batch must wait for it
      published.push(...batch.filter((event) => !alreadyAccepted.has(dedupKey(event))).map(dedupKey));
    };
    const published: string[] = [];

    const outcomes = await Promise.all([registry.acceptOnce(events, publishedBy(events)), registry.acceptOnce([...events].reverse(), publishedBy([...events].reverse()))]);
    await Promise.all(outcomes.map((outcome) => outcome.recorded));

    expect(published.sort()).toEqual(events.map(dedupKey).sort());
  });

  it('says a database it cannot reach is a retriable failure', async () => {
    const unreachable = new AcceptedEventsPostgresAdapter(new Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/postgres', connectionTimeoutMillis: 2000 }), schema);
    const failure = await unreachable.acceptOnce([{ source: 's', id: 'i' }], publishNothingNew).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(IdempotencyStoreUnavailableError);
    expect(failure).toMatchObject({ code: 'IDEMPOTENCY_STORE_UNAVAILABLE', retriable: true });
    await unreachable.close();
  });
});
