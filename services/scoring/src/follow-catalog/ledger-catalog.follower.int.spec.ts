import type { KpiAttainment } from '@govmetrics/contracts';
import { SqliteEventStore } from '@govmetrics/event-store-adapters';
import { Ledger, ledgerStreams } from '@govmetrics/ledger';
import { InMemoryAggregateReader } from '@govmetrics/scoring';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContinuousScoring } from '../follow-aggregates/continuous-scoring';
import { apiCalls, callsCatalog } from '../testing/calls-catalog';
import { seedLedgerCatalog } from './seed-ledger-catalog';

const catalog = callsCatalog;
const file = { catalog, attestations: [], path: 'catalogs/spec.yaml' };
const usage = [apiCalls(40)];

describe("the scoring service scores the ledger's catalog and follows it", () => {
  let folder: string;
  let store: SqliteEventStore;
  let ledger: Ledger;
  const logged: string[] = [];

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'ledger-catalog-'));
    store = await SqliteEventStore.open({ filename: join(folder, 'ledger.db'), pollIntervalMs: 50 });
    ledger = new Ledger(store);
    logged.length = 0;
  });

  afterEach(async () => {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('seeds an empty ledger from the catalog file once, and afterwards scores what the ledger says, not the file', async () => {
    const first = await seedLedgerCatalog(ledger, file, 'spec', (line) => logged.push(line));
    const recorded = (await ledger.readAll()).length;
    await ledger.record(
      ledgerStreams.indicator('spec', 'CALLS'),
      { type: 'TargetRevised', data: { catalogId: 'spec', indicatorId: 'CALLS', period: 'FY2564', target: 80, effective: '2021-01-01' } },
      { who: 'director', why: 'lowered' },
      'any',
    );

    const restarted = await seedLedgerCatalog(ledger, file, 'spec', (line) => logged.push(line));

    expect(first.catalogOn('2021-09-30').catalog).toEqual(catalog);
    expect((await ledger.readAll()).length).toBe(recorded + 1);
    expect(logged).toEqual([expect.stringContaining('seeded it from catalogs/spec.yaml'), expect.stringContaining("scoring the ledger's catalog")]);
    const calls = (day: string) => restarted.catalogOn(day).catalog.scorecards[0]!.children[0] as { target?: unknown };
    expect(calls('2020-12-31').target).toBe(100);
    expect(calls('2021-09-30').target).toBe(80);
  });

  it('a target revised in the ledger while the service runs produces a new snapshot with the new target', async () => {
    const follower = await seedLedgerCatalog(ledger, file, 'spec', () => undefined);
    const published: KpiAttainment[] = [];
    let arrived: (() => void) | undefined;
    const scoring = new ContinuousScoring({
      catalogOn: (day) => follower.catalogOn(day),
      aggregates: new InMemoryAggregateReader(usage),
      ledger,
      publish: (message) => {
        published.push(message);
        arrived?.();
        return Promise.resolve();
      },
      asOf: () => '2021-09-30',
      actor: 'spec-scoring',
      log: () => undefined,
    });
    await scoring.start();
    const following = await follower.follow((change) => scoring.onCatalogChanged(`${change.type} ${change.stream} v${change.revision}`));

    // When another process (the CLI) records a revised target
    const next = new Promise<void>((resolve) => (arrived = resolve));
    const cli = await SqliteEventStore.open({ filename: join(folder, 'ledger.db') });
    await new Ledger(cli).record(
      ledgerStreams.indicator('spec', 'CALLS'),
      { type: 'TargetRevised', data: { catalogId: 'spec', indicatorId: 'CALLS', period: 'FY2564', target: 50, effective: '2021-06-01' } },
      { who: 'director', why: 'board lowered the bar' },
      1n,
    );
    await next;
    await cli.close();

    // Then the service recorded and published a snapshot scored against it, saying why
    expect(published.map((message) => [message.snapshot.overall, message.snapshot.scores[0]?.target])).toEqual([
      [40, 100],
      [80, 50],
    ]);
    const [, revised] = (await ledger.readStream(ledgerStreams.scorecard('spec', 'S'))).map((entry) => entry.metadata.why);
    expect(revised).toBe('scores of S changed: the catalog changed: TargetRevised kpi:spec:CALLS v2');
    await following.close();
    await scoring.drain();
  });
});
