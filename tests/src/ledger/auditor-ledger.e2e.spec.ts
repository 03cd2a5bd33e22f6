import type { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseConfigSchema, connectClickHouse, migrate, USAGE_MIGRATIONS, ClickHouseUsageBatchSink } from '@govmetrics/clickhouse';
import { issueStaticToken } from '@govmetrics/auth';
import { generateFy2564 } from '@govmetrics/demo-data';
import { Pipeline } from '@govmetrics/devkit';
import { createTestDatabase } from '@govmetrics/event-store-adapters/testing';
import type { CatalogVersion } from '@govmetrics/ledger';
import { toProjectedEvent } from '@govmetrics/projection';
import type { ScorecardReport } from '@govmetrics/scoring';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { runCli } from '../run-cli';

// Whoever changes the ledger does it through the gateway with a token of their own: the ledger records its subject.
const steward = issueStaticToken({ subject: 'steward@dga.or.th', roles: ['steward'] });
const director = issueStaticToken({ subject: 'director@dga.or.th', roles: ['steward'] });
const planner = issueStaticToken({ subject: 'planner@dga.or.th', roles: ['steward'] });

type LedgerReport = ScorecardReport & { catalogVersion: CatalogVersion };
const overall = (report: ScorecardReport) => Object.fromEntries(report.scorecards.map((scorecard) => [scorecard.id, scorecard.score]));

describe("an auditor scores FY2564 from the governance ledger, as of any past day, and catches a row altered behind the ledger's back", () => {
  const clickhouseDatabase = `auditor_${randomBytes(6).toString('hex')}`;
  let clickhouse: ClickHouseClient;
  let ledger: { url: string; drop(): Promise<void> };
  let gateway: Pipeline | undefined;
  let env: Record<string, string>;
  const as = (holder: { token: string }) => ({ ...env, GOVMETRICS_TOKEN: holder.token });

  const score = async (...args: string[]): Promise<LedgerReport> => {
    const result = await runCli(['score', '--database', clickhouseDatabase, '--json', ...args], env);
    expect(result).toMatchObject({ code: 0 });
    return JSON.parse(result.stdout) as LedgerReport;
  };

  beforeAll(async () => {
    // Given the FY2564 usage in the ClickHouse read model, written by the projector's writer
    clickhouse = await connectClickHouse(ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: clickhouseDatabase }));
    await migrate(clickhouse, USAGE_MIGRATIONS);
    const events = generateFy2564();
    const sink = new ClickHouseUsageBatchSink(clickhouse, { database: clickhouseDatabase });
    await sink.write(
      { partition: 0, firstOffset: '0', lastOffset: String(events.length - 1) },
      events.map((event, i) => toProjectedEvent(event, 0, String(i))),
    );
    // And an empty ledger in PostgreSQL, named once for every command
    ledger = await createTestDatabase('auditor_ledger');
    // And a gateway over that ledger, where the stewards' changes go
    gateway = await Pipeline.start({
      services: ['gateway'],
      env: { LEDGER_DATABASE_URL: ledger.url },
      staticTokens: [steward.entry, director.entry, planner.entry],
    });
    env = { LEDGER_DATABASE_URL: ledger.url, GOVMETRICS_GATEWAY_URL: gateway.gatewayUrl };
  }, 180_000);

  afterAll(async () => {
    await gateway?.stop();
    await clickhouse?.command({ query: `DROP DATABASE IF EXISTS ${clickhouseDatabase}` });
    await clickhouse?.close();
    await ledger?.drop();
  });

  it('tells the whole story: import, past score, a later revision that moves only the present, verification, tampering found', async () => {
    // When the catalog steward imports the FY2564 catalog, twice
    const imported = await runCli(['catalog-import', '--catalog', 'catalogs/dga-fy2564.yaml', '--reason', 'FY2564 KPIs as approved by the board'], as(steward));
    expect(imported.stdout).toMatch(/catalog dga-fy2564: \d+ events recorded, by steward@dga.or.th/);
    expect((await runCli(['catalog-import', '--catalog', 'catalogs/dga-fy2564.yaml', '--reason', 'again'], as(steward))).stdout).toContain('nothing recorded');

    // Then the auditor scores the year as of its last day from the ledger's catalog: the published 92.00 and 98.75
    const yearEnd = await score('--ledger', ledger.url, '--as-of', '2021-09-30');
    expect(overall(yearEnd)).toEqual({ A: 92, B: 98.75 });
    expect(yearEnd.catalogVersion).toMatchObject({ catalogId: 'dga-fy2564', day: '2021-09-30', knownAt: null });
    const beforeRevision = new Date().toISOString();

    // When the director raises A1's target from 15 October 2021 on, against the version the steward read
    const a1 = await runCli(['ledger', 'history', 'A1'], env);
    expect(a1.stdout).toContain('kpi:dga-fy2564:A1 is at version 1');
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
      as(director),
    );
    expect(revised).toMatchObject({ code: 0, stdout: expect.stringContaining('kpi:dga-fy2564:A1 is now at version 2') });
    // And a second steward, still holding version 1, is refused
    const stale = await runCli(
      ['revise-target', '--indicator', 'A1', '--target', '7000000', '--expected-version', '1', '--reason', 'my estimate'],
      as(planner),
    );
    expect(stale.code).toBe(3);
    expect(stale.stderr).toContain('conflict: kpi:dga-fy2564:A1 is at version 2, not 1');

    // Then the score as of 2021-09-30 is unchanged, from the same catalog, while today's moves with the new target
    const yearEndAgain = await score('--ledger', ledger.url, '--as-of', '2021-09-30');
    expect(overall(yearEndAgain)).toEqual({ A: 92, B: 98.75 });
    expect(yearEndAgain.catalogVersion.digest).toBe(yearEnd.catalogVersion.digest);
    const today = await score('--ledger', ledger.url);
    expect(today.scorecards[0]!.score).toBeLessThan(92);
    expect(today.catalogVersion.lastChange).toMatchObject({
      stream: 'kpi:dga-fy2564:A1',
      revision: '2',
      who: 'director@dga.or.th',
      why: 'board resolution 9/2564: twice the users',
    });
    // And today's score as the ledger stood before the revision is the old one
    expect(overall(await score('--ledger', ledger.url, '--known-at', beforeRevision))).toEqual({ A: 92, B: 98.75 });
    // And the file still scores as before, for anyone who names it
    expect(overall(await score('--catalog', 'catalogs/dga-fy2564.yaml', '--as-of', '2021-09-30'))).toEqual({ A: 92, B: 98.75 });

    // And the history says who changed what, when, from which day, and why
    expect((await runCli(['ledger', 'history', 'A1'], env)).stdout).toMatch(
      /kpi:dga-fy2564:A1 v2 {2}TargetRevised FY2564 target 10000000 from 2021-10-15 {2}by director@dga.or.th: board resolution 9\/2564: twice the users/,
    );

    // When the auditor verifies the ledger: every chain intact, each stream's head printed
    const verified = await runCli(['ledger', 'verify'], env);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^kpi:dga-fy2564:A1@2 [0-9a-f]{64}$/m);

    // When someone with database access quietly puts the old target back with plain SQL
    const sql = new Client({ connectionString: ledger.url });
    await sql.connect();
    await sql.query(`UPDATE events SET data = jsonb_set(data, '{target}', '5000000') WHERE stream = 'kpi:dga-fy2564:A1' AND revision = 2`);
    await sql.end();

    // Then verification fails and names the altered row
    const broken = await runCli(['ledger', 'verify'], env);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(
      /first broken link at stream "kpi:dga-fy2564:A1" revision 2 \(position \d+\): hash-mismatch, expected [0-9a-f]{64}, found [0-9a-f]{64}/,
    );
  }, 180_000);
});
