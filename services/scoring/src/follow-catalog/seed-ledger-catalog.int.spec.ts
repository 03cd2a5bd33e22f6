import type { Attestation, KpiCatalog } from '@govmetrics/contracts';
import { PostgresEventStore } from '@govmetrics/event-store-adapters';
import { createTestDatabase } from '@govmetrics/event-store-adapters/testing';
import { catalogFacts, Ledger } from '@govmetrics/ledger';
import { parseAttestations, parseCatalog } from '@govmetrics/scoring';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LedgerCatalogFollower } from './ledger-catalog.follower';
import { seedLedgerCatalog } from './seed-ledger-catalog';

const CATALOG = resolve(__dirname, '../../../../catalogs/dga-fy2564.yaml');
const ATTESTED = CATALOG.replace(/\.yaml$/, '.attested.yaml');
const ACTOR = 'govmetrics-scoring-service';
const DAY = '2021-09-30';

describe('two scoring replicas seeding an empty PostgreSQL ledger at once', () => {
  const catalog: KpiCatalog = parseCatalog(readFileSync(CATALOG, 'utf8'), CATALOG);
  const attestations: Attestation[] = parseAttestations(readFileSync(ATTESTED, 'utf8'), ATTESTED).attestations;
  const file = { catalog, attestations, path: CATALOG };
  /** What one import records: every fact of the file, once. */
  const oneImport = catalogFacts(catalog, attestations, { who: ACTOR, why: 'seed' }).length;
  let database: { url: string; drop(): Promise<void> };
  let replicas: PostgresEventStore[];

  beforeEach(async () => {
    database = await createTestDatabase('seed_race');
    // A store each, as two processes have: their own connections, no shared memory.
    replicas = [await PostgresEventStore.open({ connectionString: database.url }), await PostgresEventStore.open({ connectionString: database.url })];
  }, 60_000);

  afterEach(async () => {
    await Promise.all(replicas.map((store) => store.close()));
    await database.drop();
  }, 60_000);

  const seed = (store: PostgresEventStore) => seedLedgerCatalog(new Ledger(store), file, ACTOR, () => undefined);
  const scored = (follower: LedgerCatalogFollower) => follower.catalogOn(DAY).catalog;
  const recordedEvents = async () => (await new Ledger(replicas[0]!).readAll()).length;

  it('records the catalog once when both start at the same moment, and each scores the whole catalog', async () => {
    // When both replicas seed the empty ledger at the same moment
    const followers = await Promise.all(replicas.map(seed));

    // Then the ledger holds one import's events, and each replica scores the file's whole catalog
    expect(await recordedEvents()).toBe(oneImport);
    expect(followers.map(scored)).toEqual([catalog, catalog]);
  }, 60_000);

  it('gives a replica starting while the other is seeding either no catalog or the whole one, never a part', async () => {
    // Given the first replica seeding
    const first = seed(replicas[0]!);

    // When the second starts as soon as the first's first event is in the ledger, mid-import
    while ((await recordedEvents()) === 0) await new Promise((later) => setTimeout(later, 2));
    const second = await seed(replicas[1]!);

    // Then the second scores the whole catalog (before the fix: LedgerError, "places indicator … but the ledger holds no definition of it")
    expect(scored(second)).toEqual(catalog);
    // And so does the first, and the ledger holds the catalog once
    expect(scored(await first)).toEqual(catalog);
    expect(await recordedEvents()).toBe(oneImport);
  }, 60_000);
});
