import type { AggregatesChanged, KpiAttainment, UsageEvent } from '@govmetrics/contracts';
import { SqliteEventStore } from '@govmetrics/event-store-adapters';
import { CompletenessLedger } from '@govmetrics/foresight';
import { Ledger } from '@govmetrics/ledger';
import { InMemoryAggregateReader } from '@govmetrics/scoring';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiCalls, callsCatalog } from '../testing/calls-catalog';
import { ContinuousScoring } from './continuous-scoring';

const catalog = callsCatalog;
const call = apiCalls;
const change = (lastOffset: number): AggregatesChanged => ({
  topic: 'usage.events.v1',
  partition: 0,
  lastOffset: String(lastOffset),
  touched: [{ platform: 'gdx', metric: 'api_calls', agency: 'moph', day: '2021-03-01' }],
  projectedAt: new Date().toISOString(),
});

describe(ContinuousScoring.name, () => {
  let folder: string;
  let store: SqliteEventStore;
  let ledger: Ledger;
  const events: UsageEvent[] = [];
  const published: KpiAttainment[] = [];
  let failPublish = false;

  const scoring = () =>
    new ContinuousScoring({
      catalogOn: () => ({ catalog, attestations: [] }),
      // The reader answers from the events "projected" so far; the memo decides what is read again.
      aggregates: { read: (query) => new InMemoryAggregateReader(events).read(query) },
      ledger,
      publish: (message) => (failPublish ? Promise.reject(new Error('broker down')) : Promise.resolve(void published.push(message))),
      asOf: () => '2021-09-30',
      actor: 'spec',
      log: () => undefined,
    });
  const snapshots = async () => (await ledger.readStream('scores:spec:S')).map((entry) => (entry.type === 'ScoreSnapshotRecorded' ? entry.data.overall : null));

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'continuous-scoring-'));
    store = await SqliteEventStore.open({ filename: join(folder, 'ledger.db') });
    ledger = new Ledger(store);
    events.length = 0;
    published.length = 0;
    failPublish = false;
  });

  afterEach(async () => {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('records and publishes a snapshot when a score changes, and nothing when it does not', async () => {
    const service = scoring();
    await service.start();
    events.push(call(40));
    await service.onAggregatesChanged([change(0)]);
    events.push(call(0));
    await service.onAggregatesChanged([change(1)]);

    expect(await snapshots()).toEqual([0, 40]);
    expect(published.map((message) => [message.ledger.revision, message.snapshot.overall, message.snapshot.offsets])).toEqual([
      ['0', 0, []],
      ['1', 40, [{ topic: 'usage.events.v1', partition: 0, offset: '0' }]],
    ]);
  });

  it('after a restart, records nothing it already recorded and publishes each head once more (at least once)', async () => {
    const first = scoring();
    await first.start();
    events.push(call(40));
    await first.onAggregatesChanged([change(0)]);

    const restarted = scoring();
    await restarted.start();

    expect(await snapshots()).toEqual([0, 40]);
    expect(published.map((message) => message.ledger.revision)).toEqual(['0', '1', '1']);
  });

  it('publishes a recorded snapshot whose publish failed with the next batch, even when that batch changes nothing', async () => {
    const service = scoring();
    await service.start();
    failPublish = true;
    events.push(call(40));
    await expect(service.onAggregatesChanged([change(0)])).rejects.toThrow(/broker down/);
    failPublish = false;

    // The consumer redelivers the batch: nothing new to record, the recorded head is published now
    await service.onAggregatesChanged([change(0)]);

    expect(await snapshots()).toEqual([0, 40]);
    expect(published.map((message) => [message.ledger.revision, message.snapshot.overall])).toEqual([
      ['0', 0],
      ['1', 40],
    ]);
  });

  it('scores a declaration that arrives on a new as-of day as of that day: provisional again until the new day is declared', async () => {
    // Given every day of the year through 2021-03-01 declared, scored as of 2021-03-01: final
    const completeness = new CompletenessLedger();
    for (let day = '2020-10-01'; day <= '2021-03-02'; day = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10))
      if (day !== '2021-03-02') completeness.record({ platform: 'gdx', metric: 'api_calls', day }, `${day}T20:00:00.000Z`);
    let asOf = '2021-03-01';
    const service = new ContinuousScoring({
      catalogOn: () => ({ catalog, attestations: [] }),
      aggregates: new InMemoryAggregateReader(events),
      ledger,
      publish: (message) => Promise.resolve(void published.push(message)),
      asOf: () => asOf,
      actor: 'spec',
      log: () => undefined,
      completeness,
    });
    await service.start();
    // When the day turns and another platform's declaration arrives before any aggregate moves
    asOf = '2021-03-02';
    completeness.record({ platform: 'gin', metric: 'sites', day: '2021-03-01' }, '2021-03-02T01:00:00.000Z');
    await service.onCompletenessDeclared('gin sites 2021-03-01');
    // Then it is scored as of the new day, on which gdx has declared nothing yet
    expect(published.map(({ snapshot }) => [snapshot.asOf.slice(0, 10), snapshot.provisional])).toEqual([
      ['2021-03-01', false],
      ['2021-03-02', true],
    ]);
  });

  it('two instances racing on one change record it once: the loser re-reads the ledger and finds nothing left to record', async () => {
    const [a, b] = [scoring(), scoring()];
    await a.start();
    await b.start();
    events.push(call(40));

    await Promise.all([a.onAggregatesChanged([change(0)]), b.onAggregatesChanged([change(0)])]);

    expect(await snapshots()).toEqual([0, 40]);
  });
});
