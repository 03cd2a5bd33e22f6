import type { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseConfigSchema, connectClickHouse } from '@govmetrics/clickhouse';
import type { KpiAttainment } from '@govmetrics/contracts';
import { AggregateUpdateSchema, bangkokDay, KpiAttainmentSchema } from '@govmetrics/contracts';
import { generateFy2564 } from '@govmetrics/demo-data';
import { eventually, Pipeline, sendAsPlatforms, ServerSentEvents, TopicWatcher, untilAggregated } from '@govmetrics/devkit';
import { PostgresEventStore } from '@govmetrics/event-store-adapters';
import { Ledger, verifyLedger } from '@govmetrics/ledger';
import type { CompositeReport, IndicatorReport, MeasureReport, ScorecardReport } from '@govmetrics/scoring';
import { InMemoryAggregateReader, parseAttestations, parseCatalog, scoreCatalog } from '@govmetrics/scoring';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runCli } from '../run-cli';

const ROOT = resolve(__dirname, '../../..');

/** `npm run -s cli -- score ...` as an auditor runs it, reading ClickHouse; the printed JSON report. */
async function scoreCommand(args: string[], env: Record<string, string>): Promise<ScorecardReport> {
  const { code, stdout, stderr } = await runCli(['score', ...args, '--json'], env);
  if (code !== 0) throw new Error(`score exited ${code}: ${stderr}`);
  return JSON.parse(stdout) as ScorecardReport;
}

const scoresOf = (report: ScorecardReport) => report.scorecards.map((scorecard) => [scorecard.id, scorecard.score]);
const indicator = (report: ScorecardReport, id: string) => report.scorecards[0]!.children.find((child) => child.id === id) as IndicatorReport;

/** Every measure of a scorecard by id, as the report computed it. */
function measuresOf(node: CompositeReport | IndicatorReport): MeasureReport[] {
  return node.kind === 'composite' ? node.children.flatMap(measuresOf) : node.measures;
}

/**
 * Whether a published snapshot scores its scorecard as the report does, measure by measure. A scorecard can reach its
 * final overall score before the last events are projected (A1 scores 100 from 5 million on), so the overall alone
 * does not say the service has caught up.
 */
function scoredAsReport(snapshot: KpiAttainment['snapshot'], report: ScorecardReport): boolean {
  const scorecard = report.scorecards.find((candidate) => candidate.id === snapshot.scorecardId);
  if (!scorecard || snapshot.overall !== scorecard.score) return false;
  const measures = new Map(measuresOf(scorecard).map((measure) => [measure.id, measure]));
  return snapshot.scores.every((score) => {
    const measure = measures.get(score.indicatorId);
    return !measure || (measure.actual === score.actual && measure.score === score.score);
  });
}

describe('an auditor reproduces the FY2564 scorecards from usage the platforms sent over HTTP', () => {
  const events = generateFy2564();
  const catalogPath = 'catalogs/dga-fy2564.yaml';
  let pipeline: Pipeline;
  let clickhouse: ClickHouseClient;
  let attainment: TopicWatcher<KpiAttainment>;
  let gdxStream: ServerSentEvents;

  beforeAll(async () => {
    pipeline = await Pipeline.start({ services: ['ingest', 'projector', 'gateway', 'scoring'], env: { SCORING_AS_OF: '2021-09-30' } });
    clickhouse = await connectClickHouse(ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: pipeline.env.CLICKHOUSE_DATABASE }));
    attainment = await TopicWatcher.start(pipeline.env.KPI_ATTAINMENT_TOPIC!, (value) => KpiAttainmentSchema.parse(value));
    // An operator's dashboard following GDX's API calls on the gateway while the year arrives
    gdxStream = await ServerSentEvents.connect(`${pipeline.gatewayUrl}/v1/aggregates/stream?platform=gdx&metric=api_calls`, pipeline.roleHeaders('operator'));
  }, 180_000);

  afterAll(async () => {
    await gdxStream?.close();
    await attainment?.stop();
    await clickhouse?.close();
    await pipeline?.stop();
  }, 60_000);

  it('every platform sends its year of usage in batches of at most 5,000 events, and every event is accepted and projected', async () => {
    // Given the generated FY2564 usage: 51,119 events from the platforms whose figures the report prints
    expect(events).toHaveLength(51_119);

    // When each platform posts its events to the ingest, in batches of at most 5,000 with its own API key
    const accepted = await sendAsPlatforms(pipeline, events);

    // Then every event is accepted, and the projector writes every one into ClickHouse
    expect(accepted).toBe(51_119);
    // (once in the raw table and once in each aggregate: the views are written just after the raw rows)
    expect(await untilAggregated(clickhouse, 51_119, 180_000)).toEqual({ raw: 51_119, hourly: 51_119, daily: 51_119 });
  }, 300_000);

  it("the gateway's live aggregate stream showed every one of the 2,028 agency-days of API calls GDX sent", async () => {
    const gdxCalls = events.filter((event) => event.data.platform === 'gdx' && event.data.metric === 'api_calls');
    const sent = new Set(gdxCalls.map((event) => `${event.data.agency}:${bangkokDay(Date.parse(event.time))}`));
    const shown = () => {
      const updates = gdxStream.events.flatMap((event) => (event.type === 'aggregate' ? [AggregateUpdateSchema.parse(event.data)] : []));
      return Promise.resolve(new Set(updates.map((update) => `${update.agency}:${update.day}`)));
    };
    expect(sent.size).toBe(2_028);
    expect(await eventually(shown, (days) => days.size >= sent.size, 30_000)).toEqual(sent);
  }, 60_000);

  it('the score command, reading ClickHouse, prints Scorecard A at 92.00 and B at 98.75, indicator 1 at 9,503,084, and both findings', async () => {
    const report = await scoreCommand(['--catalog', catalogPath, '--as-of', '2021-09-30'], { CLICKHOUSE_DATABASE: pipeline.env.CLICKHOUSE_DATABASE! });

    expect(scoresOf(report)).toEqual([
      ['A', 92],
      ['B', 98.75],
    ]);
    expect(indicator(report, 'A1').measures[0]?.actual).toBe(9_503_084);
    // The printed total of indicator 1 is 100 short of its printed parts, and the data agree with the parts
    expect(report.findings).toContainEqual(
      expect.objectContaining({ rule: 'published-total-differs-from-parts', node: 'A1', published: 9_502_984, computed: 9_503_084, difference: 100 }),
    );
    // B2's printed 87.50 is a plain mean; the declared weights give 95.83, the value B's printed 98.75 needs
    expect(report.findings).toContainEqual(expect.objectContaining({ rule: 'different-aggregation-rule', node: 'B2', published: 87.5, computed: 95.83 }));
  }, 120_000);

  it("says that FY2563's published 97.30 cannot be derived from its printed parts", async () => {
    const report = await scoreCommand(['--catalog', 'catalogs/dga-fy2563.yaml', '--as-of', '2020-09-30', '--database', pipeline.env.CLICKHOUSE_DATABASE!], {});
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        rule: 'not-derivable',
        node: 'FY2563',
        published: 97.3,
        computed: null,
        explanation: expect.stringContaining('cannot be derived'),
      }),
    );
  }, 120_000);

  it('the continuously running scoring service published the same scorecards on kpi.attainment.v1 and recorded them in the ledger', async () => {
    // Once the service has scored every projected event, each scorecard's snapshot on the topic matches, measure by
    // measure, what the auditor's score command computes from the complete aggregates, and carries the published figures
    const report = await scoreCommand(['--catalog', catalogPath, '--as-of', '2021-09-30'], { CLICKHOUSE_DATABASE: pipeline.env.CLICKHOUSE_DATABASE! });
    const a = await attainment.until((message) => message.snapshot.scorecardId === 'A' && scoredAsReport(message.snapshot, report), 180_000);
    const b = await attainment.until((message) => message.snapshot.scorecardId === 'B' && scoredAsReport(message.snapshot, report), 180_000);
    expect([a.snapshot.overall, b.snapshot.overall]).toEqual([92, 98.75]);
    expect(a.snapshot.scores).toContainEqual({ indicatorId: 'A1', method: 'ratio', actual: 9_503_084, target: 5_000_000, score: 100 });
    expect(a.snapshot.asOf).toBe('2021-09-30T23:59:59+07:00');
    // computed from aggregates that had reached offsets of the run's usage topic
    expect(a.snapshot.offsets.length).toBeGreaterThan(0);
    expect(a.snapshot.offsets.every((offset) => offset.topic === pipeline.env.USAGE_EVENTS_TOPIC)).toBe(true);

    // And the ledger holds exactly what was published, on an intact hash chain
    const store = await PostgresEventStore.open({ connectionString: pipeline.env.LEDGER_DATABASE_URL! });
    try {
      const ledger = new Ledger(store);
      for (const published of [a, b]) {
        const [entry] = await ledger.readStream(published.ledger.stream, BigInt(published.ledger.revision));
        expect(entry).toMatchObject({ type: 'ScoreSnapshotRecorded', data: published.snapshot, metadata: { hash: published.ledger.hash } });
      }
      expect(await verifyLedger(store)).toMatchObject({ ok: true });
    } finally {
      await store.close();
    }
  }, 240_000);

  it('as of 31 March 2021 the scorecards differ, and come only from events up to that day', async () => {
    const report = await scoreCommand(['--catalog', catalogPath, '--as-of', '2021-03-31'], { CLICKHOUSE_DATABASE: pipeline.env.CLICKHOUSE_DATABASE! });

    // The first half-year scores lower on both scorecards (targets in force in Q2, no year-end attestation yet)
    const [[, a], [, b]] = scoresOf(report) as [[string, number], [string, number]];
    expect(a).toBeLessThan(92);
    expect(b).toBeLessThan(98.75);

    // And the same catalog scored over only the events whose Bangkok day is up to 31 March gives the same report
    const catalog = parseCatalog(readFileSync(resolve(ROOT, catalogPath), 'utf8'));
    const { attestations } = parseAttestations(readFileSync(resolve(ROOT, 'catalogs/dga-fy2564.attested.yaml'), 'utf8'));
    const upTo = new InMemoryAggregateReader(events.filter((event) => bangkokDay(Date.parse(event.time)) <= '2021-03-31'));
    expect(report).toEqual(await scoreCatalog(catalog, { reader: upTo, attestations }, '2021-03-31'));
  }, 120_000);
});
