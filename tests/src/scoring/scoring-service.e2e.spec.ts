import type { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseConfigSchema, connectClickHouse, toUsageEventRow } from '@govmetrics/clickhouse';
import type { AggregatesChanged, KpiAttainment, UsageEvent } from '@govmetrics/contracts';
import { KpiAttainmentSchema } from '@govmetrics/contracts';
import { issueStaticToken } from '@govmetrics/auth';
import { generateFy2564 } from '@govmetrics/demo-data';
import { Pipeline, TopicWatcher } from '@govmetrics/devkit';
import { PostgresEventStore } from '@govmetrics/event-store-adapters';
import { createKafka, JsonMessagePublisher, KafkaConfigSchema } from '@govmetrics/kafka';
import { Ledger, verifyLedger } from '@govmetrics/ledger';
import type { ProjectedEvent } from '@govmetrics/projection';
import { toProjectedEvent, touchedBuckets } from '@govmetrics/projection';
import { runCli } from '../run-cli';

/** The announcements the projector would make for events it wrote on partition 0, a bounded number of buckets each. */
function announcements(topic: string, projected: readonly ProjectedEvent[]): AggregatesChanged[] {
  const touched = touchedBuckets(projected);
  const lastOffset = projected.at(-1)!.offset;
  const chunks: AggregatesChanged[] = [];
  for (let i = 0; i < touched.length; i += 2000)
    chunks.push({ topic, partition: 0, lastOffset, touched: touched.slice(i, i + 2000), projectedAt: new Date().toISOString() });
  return chunks;
}

// The director revises targets through the gateway with a steward token of their own: the ledger records its subject.
const director = issueStaticToken({ subject: 'director@dga.or.th', roles: ['steward'] });

describe('the scoring service follows aggregate changes and records a snapshot only when scores change', () => {
  const events = generateFy2564();
  const isBizPortal = (event: UsageEvent) => event.data.platform === 'bizportal';
  let pipeline: Pipeline;
  let clickhouse: ClickHouseClient;
  let announcer: JsonMessagePublisher<AggregatesChanged>;
  let attainment: TopicWatcher<KpiAttainment>;
  let store: PostgresEventStore;
  let offset = 0;

  /**
   * Writes events into the read model and announces them, as the projector does; the rows go in with a plain insert,
   * not through the projector's writer, so that this story does not depend on how the projector writes.
   */
  async function project(batch: readonly UsageEvent[]): Promise<void> {
    const projected = batch.map((event, i) => toProjectedEvent(event, 0, String(offset + i)));
    const projectedAt = new Date();
    await clickhouse.insert({ table: 'usage_events', values: projected.map((event) => toUsageEventRow(event, projectedAt)), format: 'JSONEachRow' });
    for (const change of announcements(pipeline.env.USAGE_EVENTS_TOPIC!, projected)) await announcer.publish(change);
    offset += batch.length;
  }

  const snapshotsOf = async (scorecard: string) =>
    (await new Ledger(store).readStream(`scores:dga-fy2564:${scorecard}`)).flatMap((entry) => (entry.type === 'ScoreSnapshotRecorded' ? [entry.data] : []));

  beforeAll(async () => {
    pipeline = await Pipeline.start({ services: ['scoring', 'gateway'], env: { SCORING_AS_OF: '2021-09-30' }, staticTokens: [director.entry] });
    clickhouse = await connectClickHouse(ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: pipeline.env.CLICKHOUSE_DATABASE }));
    const kafka = createKafka(KafkaConfigSchema.parse(process.env));
    announcer = new JsonMessagePublisher(kafka, pipeline.env.AGGREGATES_CHANGED_TOPIC!, (change) => `${change.topic}:${change.partition}`);
    await announcer.connect();
    attainment = await TopicWatcher.start(pipeline.env.KPI_ATTAINMENT_TOPIC!, (value) => KpiAttainmentSchema.parse(value));
    store = await PostgresEventStore.open({ connectionString: pipeline.env.LEDGER_DATABASE_URL! });
  }, 120_000);

  afterAll(async () => {
    await attainment?.stop();
    await announcer?.disconnect();
    await clickhouse?.close();
    await store?.close();
    await pipeline?.stop();
  }, 60_000);

  it('scores from attested values alone before any usage, then moves A and B as the year arrives, and leaves B alone when only A moves', async () => {
    // Given the service started on an empty read model: only attested values score
    const initialA = await attainment.until((m) => m.snapshot.scorecardId === 'A');
    expect(initialA.snapshot.overall).toBeLessThan(92);
    expect(initialA.snapshot.aggregates.every((aggregate) => aggregate.value === null)).toBe(true);

    // When the year's usage except Biz Portal's is projected
    await project(events.filter((event) => !isBizPortal(event)));

    // Then A is the published 92 less A3's 100 over ten indicators, and B is the published 98.75
    // (A1 scores 100 from 5,000,000 on, so A can reach 82 before the last batch: wait for the snapshot of the last offset)
    const atLastOffset = (m: KpiAttainment) => m.snapshot.offsets.some((o) => o.offset === String(offset - 1));
    const partial = await attainment.until((m) => m.snapshot.scorecardId === 'A' && m.snapshot.overall === 82 && atLastOffset(m));
    const fullB = await attainment.until((m) => m.snapshot.scorecardId === 'B' && m.snapshot.overall === 98.75);
    expect(partial.snapshot.offsets).toEqual([{ topic: pipeline.env.USAGE_EVENTS_TOPIC, partition: 0, offset: String(offset - 1) }]);
    const a1 = partial.snapshot.aggregates.filter((aggregate) => aggregate.indicatorId === 'A1');
    expect(a1.reduce((total, aggregate) => total + (aggregate.value ?? 0), 0)).toBe(9_503_084);
    expect(partial.snapshot.scores).toContainEqual({ indicatorId: 'A1', method: 'ratio', actual: 9_503_084, target: 5_000_000, score: 100 });
    const snapshotsOfBBefore = (await snapshotsOf('B')).length;

    // When a change no indicator reads is announced, and then Biz Portal's year
    await project([{ ...events[0]!, id: 'gin-sites-extra', data: { platform: 'gin', metric: 'sites', agency: 'dga', value: 1 } }]);
    await project(events.filter(isBizPortal));

    // Then A reaches the published 92, computed from the offsets that include Biz Portal's events
    const full = await attainment.until((m) => m.snapshot.scorecardId === 'A' && m.snapshot.overall === 92 && atLastOffset(m));
    expect(full.snapshot.offsets).toEqual([{ topic: pipeline.env.USAGE_EVENTS_TOPIC, partition: 0, offset: String(offset - 1) }]);

    // And the ledger holds exactly the snapshots that changed something: none for the unread metric, none for an unchanged B
    // (the first announcements may arrive in several batches, each recorded as the scores it gave)
    const overallsOfA = (await snapshotsOf('A')).map((snapshot) => snapshot.overall);
    expect(overallsOfA[0]).toBe(initialA.snapshot.overall);
    expect(overallsOfA.slice(-2)).toEqual([82, 92]);
    expect(await snapshotsOf('B')).toHaveLength(snapshotsOfBBefore);
    expect((await snapshotsOf('B')).at(-1)?.overall).toBe(98.75);
    expect(fullB.ledger.stream).toBe('scores:dga-fy2564:B');
    expect(await verifyLedger(store)).toMatchObject({ ok: true });
  }, 180_000);

  it('recorded the catalog in the ledger at start: every indicator defined with its target, every attested value with its evidence', async () => {
    const entries = await new Ledger(store).readAll();
    const defined = entries.filter((entry) => entry.type === 'KpiDefined');
    const attested = entries.filter((entry) => entry.type === 'ValueAttested');
    expect(defined.map((entry) => entry.stream)).toEqual(expect.arrayContaining(['kpi:dga-fy2564:A1', 'kpi:dga-fy2564:B2.2']));
    expect(entries.find((entry) => entry.type === 'TargetRevised' && entry.data.indicatorId === 'A1')?.data).toMatchObject({
      period: 'FY2564',
      target: 5_000_000,
    });
    expect(attested.length).toBeGreaterThan(5);
    expect(attested[0]?.metadata.who).toBe('DGA Strategy and Evaluation Office (demo)');
  });

  it('scores a target revised with the CLI while it runs: a new snapshot on kpi.attainment.v1 carries the new target', async () => {
    // When the director revises A1's target in the ledger the service scores from (effective within the scored year)
    const revised = await runCli(
      [
        'revise-target',
        '--indicator',
        'A1',
        '--target',
        '10000000',
        '--expected-version',
        '1',
        '--effective',
        '2021-09-01',
        '--reason',
        'board resolution 9/2564',
      ],
      { GOVMETRICS_GATEWAY_URL: pipeline.gatewayUrl, GOVMETRICS_TOKEN: director.token },
    );
    expect(revised).toMatchObject({ code: 0, stdout: expect.stringContaining('kpi:dga-fy2564:A1 is now at version 2') });

    // Then, with no usage announced, the service records and publishes A scored against it
    const rescored = await attainment.until(
      (m) => m.snapshot.scorecardId === 'A' && m.snapshot.scores.some((s) => s.indicatorId === 'A1' && s.target === 10_000_000),
    );
    expect(rescored.snapshot.overall).toBeLessThan(92);
    expect(rescored.snapshot.scores).toContainEqual({
      indicatorId: 'A1',
      method: 'ratio',
      actual: 9_503_084,
      target: 10_000_000,
      score: expect.closeTo(95.03, 2),
    });
    // And the snapshot names the catalog version it was scored under: the director's revision, a digest the earlier snapshots do not share
    expect(rescored.snapshot.catalog?.lastChange.stream).toBe('kpi:dga-fy2564:A1');
    const earlier = attainment.messages.filter((m) => m.snapshot.scorecardId === 'A' && BigInt(m.ledger.revision) < BigInt(rescored.ledger.revision));
    expect(earlier.length).toBeGreaterThan(0);
    expect(earlier.map((m) => m.snapshot.catalog?.digest)).not.toContain(rescored.snapshot.catalog?.digest);
    const [latest] = (await new Ledger(store).readStream('scores:dga-fy2564:A', BigInt(rescored.ledger.revision))).map((entry) => entry.metadata.why);
    expect(latest).toBe('scores of A changed: the catalog changed: TargetRevised kpi:dga-fy2564:A1 v2 by director@dga.or.th');
    expect(await verifyLedger(store)).toMatchObject({ ok: true });
  }, 60_000);
});
