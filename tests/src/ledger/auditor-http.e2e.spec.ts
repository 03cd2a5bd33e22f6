import type { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseConfigSchema, ClickHouseUsageBatchSink, connectClickHouse, migrate, USAGE_MIGRATIONS } from '@govmetrics/clickhouse';
import type { LedgerScorecardsAnswer, Role } from '@govmetrics/contracts';
import { bangkokDay, LedgerHistoryAnswerSchema, LedgerScorecardsAnswerSchema, LedgerVerificationAnswerSchema } from '@govmetrics/contracts';
import { generateFy2564 } from '@govmetrics/demo-data';
import { issueStaticToken } from '@govmetrics/auth';
import { Pipeline, requestJson } from '@govmetrics/devkit';
import { toProjectedEvent } from '@govmetrics/projection';
import { Client } from 'pg';
import { runCli } from '../run-cli';

// The two stewards of the story, each with a token of their own: the ledger records whose token made each change.
const steward = issueStaticToken({ subject: 'steward@dga.or.th', roles: ['steward'] });
const director = issueStaticToken({ subject: 'director@dga.or.th', roles: ['steward'] });

const overall = (answer: LedgerScorecardsAnswer) => Object.fromEntries(answer.scorecards.map((scorecard) => [scorecard.id, scorecard.score]));

describe("an auditor replays FY2564 over the gateway's HTTP API: past scores, the history behind them, and proof the history was not altered", () => {
  let pipeline: Pipeline;
  let clickhouse: ClickHouseClient;
  let env: Record<string, string>;

  const get = async (path: string, role: Role = 'auditor') => requestJson(`${pipeline.gatewayUrl}${path}`, { headers: pipeline.roleHeaders(role) });
  const scorecards = async (query: string): Promise<LedgerScorecardsAnswer> => {
    const { status, body } = await get(`/v1/scorecards?catalog=dga-fy2564&${query}`);
    expect(status).toBe(200);
    return LedgerScorecardsAnswerSchema.parse(body);
  };

  beforeAll(async () => {
    // Given a gateway of its own run, and the FY2564 usage in that run's ClickHouse database, written by the projector's writer
    pipeline = await Pipeline.start({ services: ['gateway'], staticTokens: [steward.entry, director.entry] });
    const database = pipeline.env.CLICKHOUSE_DATABASE!;
    clickhouse = await connectClickHouse(ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: database }));
    await migrate(clickhouse, USAGE_MIGRATIONS);
    const events = generateFy2564();
    await new ClickHouseUsageBatchSink(clickhouse, { database }).write(
      { partition: 0, firstOffset: '0', lastOffset: String(events.length - 1) },
      events.map((event, i) => toProjectedEvent(event, 0, String(i))),
    );
    // And the FY2564 catalog imported by its steward, through the gateway, into the run's ledger
    env = { LEDGER_DATABASE_URL: pipeline.env.LEDGER_DATABASE_URL!, GOVMETRICS_GATEWAY_URL: pipeline.gatewayUrl, GOVMETRICS_TOKEN: steward.token };
    expect((await runCli(['catalog-import', '--catalog', 'catalogs/dga-fy2564.yaml', '--reason', 'FY2564 KPIs as approved by the board'], env)).code).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await clickhouse?.command({ query: `DROP DATABASE IF EXISTS ${pipeline.env.CLICKHOUSE_DATABASE}` });
    await clickhouse?.close();
    await pipeline?.stop();
  }, 60_000);

  it("scores the past, keeps it still through a later revision, shows who revised what, and names the row altered behind the ledger's back", async () => {
    // The gateway reports its ledger beside ClickHouse
    expect(await get('/health', 'operator')).toMatchObject({ status: 200, body: { status: 'ok', checks: { clickhouse: 'ok', ledger: 'ok' } } });

    // When the auditor asks for the scorecards as of the last day of FY2564
    const started = performance.now();
    const yearEnd = await scorecards('as-of=2021-09-30');
    const first = Math.round(performance.now() - started);

    // Then the published 92.00 and 98.75, A1's actual from the data, and both findings about the report
    expect(overall(yearEnd)).toEqual({ A: 92, B: 98.75 });
    const a1 = yearEnd.scorecards[0]!.children.find((child) => child.id === 'A1');
    expect(a1).toMatchObject({ kind: 'indicator', measures: [{ actual: 9_503_084 }] });
    expect(yearEnd.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: 'published-total-differs-from-parts', node: 'A1', published: 9_502_984, computed: 9_503_084 }),
        expect.objectContaining({ rule: 'different-aggregation-rule', node: 'B2', published: 87.5 }),
      ]),
    );
    expect(yearEnd.catalogVersion).toMatchObject({ catalogId: 'dga-fy2564', day: '2021-09-30', knownAt: null });
    // And it is exactly what the CLI prints for the same question
    const cli = await runCli(
      ['score', '--ledger', env.LEDGER_DATABASE_URL!, '--database', pipeline.env.CLICKHOUSE_DATABASE!, '--as-of', '2021-09-30', '--json'],
      env,
    );
    expect(JSON.parse(cli.stdout)).toEqual(yearEnd);
    const beforeRevision = new Date().toISOString();

    // When the director raises A1's target from 15 October 2021 on
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
        '2021-10-15',
        '--reason',
        'board resolution 9/2564: twice the users',
      ],
      { ...env, GOVMETRICS_TOKEN: director.token },
    );
    expect(revised.code).toBe(0);

    // Then the year-end answer is unchanged, from the same catalog version (asked five times, timed)
    const repeats: number[] = [];
    for (let n = 0; n < 5; n += 1) {
      const asked = performance.now();
      expect(await scorecards('as-of=2021-09-30')).toEqual(yearEnd);
      repeats.push(Math.round(performance.now() - asked));
    }
    process.stdout.write(`GET /v1/scorecards FY2564 as of 2021-09-30: first ${first} ms, then ${repeats.join(', ')} ms\n`);
    // And today's score uses the director's revision, while as known before it the old catalog version shows
    const today = bangkokDay(Date.now());
    const now = await scorecards(`as-of=${today}`);
    expect(now.scorecards[0]!.score).toBeLessThan(92);
    expect(now.catalogVersion.lastChange).toMatchObject({ stream: 'kpi:dga-fy2564:A1', revision: '2', who: 'director@dga.or.th' });
    const asKnownBefore = await scorecards(`as-of=${today}&known-at=${encodeURIComponent(beforeRevision)}`);
    expect(overall(asKnownBefore)).toEqual({ A: 92, B: 98.75 });
    expect(asKnownBefore.catalogVersion).toMatchObject({ knownAt: new Date(beforeRevision).toISOString() });
    expect(asKnownBefore.catalogVersion.lastChange.who).not.toBe('director@dga.or.th');
    expect(asKnownBefore.catalogVersion.digest).not.toBe(now.catalogVersion.digest);

    // And the history lists the revision with who, from which day and why
    const history = await get('/v1/ledger/history?indicator=A1');
    expect(history.status).toBe(200);
    expect(LedgerHistoryAnswerSchema.parse(history.body).changes.at(-1)).toMatchObject({
      stream: 'kpi:dga-fy2564:A1',
      version: '2',
      type: 'TargetRevised',
      data: { target: 10_000_000 },
      effective: '2021-10-15',
      who: 'director@dga.or.th',
      why: 'board resolution 9/2564: twice the users',
    });

    // When the auditor verifies the ledger: every chain intact
    const intact = LedgerVerificationAnswerSchema.parse((await get('/v1/ledger/verify')).body);
    expect(intact.ok && intact.heads.find((head) => head.stream === 'kpi:dga-fy2564:A1')).toMatchObject({ revision: '2' });

    // When someone with database access quietly puts the old target back with plain SQL
    const sql = new Client({ connectionString: env.LEDGER_DATABASE_URL });
    await sql.connect();
    await sql.query(`UPDATE events SET data = jsonb_set(data, '{target}', '5000000') WHERE stream = 'kpi:dga-fy2564:A1' AND revision = 2`);
    await sql.end();

    // Then verification over HTTP answers the finding, naming the broken stream and revision
    expect(await get('/v1/ledger/verify')).toMatchObject({
      status: 200,
      body: { ok: false, firstBreak: { stream: 'kpi:dga-fy2564:A1', revision: '2', reason: 'hash-mismatch' } },
    });
  }, 120_000);

  it('with the ledger unreachable, the auditor endpoints answer 503 naming it while the aggregates still answer', async () => {
    // Given a second gateway of the same run whose ledger cannot be reached
    const cut = await Pipeline.start({
      runId: pipeline.runId,
      services: ['gateway'],
      env: { LEDGER_DATABASE_URL: 'postgres://postgres@127.0.0.1:1/govmetrics_ledger' },
    });
    try {
      const at = (path: string, role: Role = 'auditor') => requestJson(`${cut.gatewayUrl}${path}`, { headers: cut.roleHeaders(role) });
      expect(await at('/v1/ledger/verify')).toMatchObject({ status: 503, body: { error: 'ledger_unavailable' } });
      expect(await at('/v1/scorecards?catalog=dga-fy2564&as-of=2021-09-30')).toMatchObject({ status: 503, body: { error: 'ledger_unavailable' } });
      expect(await at('/v1/aggregates/total?platform=gdx&metric=api_calls', 'operator')).toMatchObject({ status: 200, body: { total: 63_300_000 } });
      expect(await at('/health', 'operator')).toMatchObject({
        status: 200,
        body: { status: 'degraded', checks: { clickhouse: 'ok', ledger: 'unavailable' }, ledger: expect.stringContaining('ECONNREFUSED') },
      });
    } finally {
      await cut.stop();
    }
  }, 60_000);
});
