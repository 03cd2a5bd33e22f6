import type { KpiAttainment } from '@govmetrics/contracts';
import { KpiAttainmentSchema } from '@govmetrics/contracts';
import { generateFy2564 } from '@govmetrics/demo-data';
import { Pipeline, requestJson, sendAsPlatforms, type ServerSentEvent, ServerSentEvents } from '@govmetrics/devkit';

const attainmentOf = (event: ServerSentEvent): KpiAttainment | undefined => (event.type === 'attainment' ? KpiAttainmentSchema.parse(event.data) : undefined);
const scoreIs = (scorecardId: string, overall: number) => (event: ServerSentEvent) => {
  const attainment = attainmentOf(event);
  return attainment?.snapshot.scorecardId === scorecardId && attainment.snapshot.overall === overall;
};

describe('an operator watches KPI attainment move live through the gateway while the platforms send their year', () => {
  let pipeline: Pipeline;
  let dashboard: ServerSentEvents;

  beforeAll(async () => {
    pipeline = await Pipeline.start({
      services: ['ingest', 'projector', 'scoring', 'gateway'],
      env: { SCORING_AS_OF: '2021-09-30', GATEWAY_HEARTBEAT_MS: '1000' },
    });
  }, 180_000);

  afterAll(async () => {
    await dashboard?.close();
    await pipeline?.stop();
  }, 60_000);

  it('the dashboard opened before any usage shows the attested-only scores, then A rising to 92 and B to 98.75 as events arrive', async () => {
    // Given an operator's dashboard following the attainment stream of a pipeline that has seen no usage
    dashboard = await ServerSentEvents.connect(`${pipeline.gatewayUrl}/v1/attainment/stream`, pipeline.roleHeaders('operator'));
    expect(dashboard.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const before = attainmentOf(await dashboard.until((event) => attainmentOf(event)?.snapshot.scorecardId === 'A'));
    expect(before?.snapshot.overall).toBeLessThan(92);

    // When the platforms send the FY2564 year over HTTP
    expect(await sendAsPlatforms(pipeline, generateFy2564())).toBe(51_119);

    // Then the dashboard sees A reach the published 92 and B the published 98.75, each a newer ledger revision than the last it showed,
    // and, once the whole year is projected, A1 at its 9,503,084 calls (A1 scores 100 from 5,000,000 on, so 92 can come first)
    const a = attainmentOf(await dashboard.until(scoreIs('A', 92), 240_000))!;
    const b = attainmentOf(await dashboard.until(scoreIs('B', 98.75), 240_000))!;
    expect(BigInt(a.ledger.revision)).toBeGreaterThan(BigInt(before!.ledger.revision));
    // (and other indicators can still be short when A1 completes: the dashboard waits for a snapshot with both)
    const a1Complete = (event: ServerSentEvent) =>
      attainmentOf(event)?.snapshot.scores.some((score) => score.indicatorId === 'A1' && score.actual === 9_503_084) ?? false;
    const complete = attainmentOf(await dashboard.until((event) => scoreIs('A', 92)(event) && a1Complete(event), 240_000))!;
    expect(BigInt(complete.ledger.revision)).toBeGreaterThanOrEqual(BigInt(a.ledger.revision));
    expect(b.ledger.stream).toBe('scores:dga-fy2564:B');

    // And every snapshot the dashboard saw for a scorecard is newer than the one before it: no repeats, no going back
    for (const scorecard of ['A', 'B']) {
      const revisions = dashboard.events.flatMap((event) => {
        const attainment = attainmentOf(event);
        return attainment?.snapshot.scorecardId === scorecard ? [BigInt(attainment.ledger.revision)] : [];
      });
      expect(revisions).toEqual([...revisions].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
      expect(new Set(revisions).size).toBe(revisions.length);
    }
  }, 300_000);

  it('a dashboard opened later starts from the current board, and the board answers once for one scorecard', async () => {
    // When a second operator opens the stream for scorecard A only
    const late = await ServerSentEvents.connect(`${pipeline.gatewayUrl}/v1/attainment/stream?scorecard=A`, pipeline.roleHeaders('operator'));
    try {
      // Then the first thing it shows is A's current 92, and nothing of B
      const first = await late.until((event) => event.type === 'attainment');
      expect(attainmentOf(first)?.snapshot).toMatchObject({ scorecardId: 'A', overall: 92 });
      // And a quiet stream keeps beating, so the dashboard can tell quiet from dead
      await late.until((event) => event.type === 'heartbeat', 10_000);
      expect(late.events.filter((event) => attainmentOf(event)?.snapshot.scorecardId === 'B')).toEqual([]);
    } finally {
      await late.close();
    }

    // And the board, asked once, holds each scorecard's newest snapshot, the same the stream last showed
    const board = await requestJson(`${pipeline.gatewayUrl}/v1/attainment?catalog=dga-fy2564`, { headers: pipeline.roleHeaders('operator') });
    expect(board.status).toBe(200);
    const snapshots = (board.body as { snapshots: unknown[] }).snapshots.map((snapshot) => KpiAttainmentSchema.parse(snapshot));
    expect(snapshots.map(({ snapshot }) => [snapshot.scorecardId, snapshot.overall])).toEqual([
      ['A', 92],
      ['B', 98.75],
    ]);

    // And the gateway reports itself ready, with the two scorecards on its board
    expect((await requestJson(`${pipeline.gatewayUrl}/health`, { headers: pipeline.roleHeaders('operator') })).body).toEqual({
      status: 'ok',
      scorecards: 2,
      checks: { clickhouse: 'ok', ledger: 'ok', attainmentFeed: 'caught_up', aggregatesFeed: 'caught_up' },
    });
  }, 60_000);

  it('a malformed query is refused with the parameter and the rule it broke', async () => {
    const answer = await requestJson(`${pipeline.gatewayUrl}/v1/attainment?scorecard=${encodeURIComponent('A B')}&colour=red`, {
      headers: pipeline.roleHeaders('operator'),
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'invalid_query' });
    const paths = ((answer.body as { errors: { path: string }[] }).errors ?? []).map((error) => error.path);
    expect(paths).toEqual(expect.arrayContaining(['$.scorecard']));
    expect(JSON.stringify(answer.body)).toContain('colour');
  }, 30_000);
});
