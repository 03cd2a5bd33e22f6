import 'reflect-metadata';
import type { ClickHouseClient } from '@clickhouse/client';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ClickHouseConfigSchema, connectClickHouse, migrate, USAGE_MIGRATIONS } from '@govmetrics/clickhouse';
import { ForecastsAnswerSchema, LedgerHistoryAnswerSchema, LedgerScorecardsAnswerSchema, LedgerVerificationAnswerSchema } from '@govmetrics/contracts';
import { openLedgerStore } from '@govmetrics/event-store-adapters';
import { createTestDatabase } from '@govmetrics/event-store-adapters/testing';
import { importCatalog, Ledger } from '@govmetrics/ledger';
import { parseAttestations, parseCatalog } from '@govmetrics/scoring';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { AuditorModule } from './auditor.module';
import { LedgerSource } from './ledger-source';

const CATALOG = resolve(__dirname, '../../../../catalogs/dga-fy2564.yaml');

/** Each verification's result, as the gateway's metrics are told it. */
const verifications: boolean[] = [];

async function startAuditorApp(
  ledgerUrl: string,
  clickhouse: ClickHouseClient,
): Promise<{ close(): Promise<void>; get(path: string): Promise<{ status: number; body: unknown }> }> {
  const ledger = new LedgerSource(ledgerUrl, openLedgerStore);
  const app = await NestFactory.create<NestFastifyApplication>(
    AuditorModule.forRoot(ledger, clickhouse, process.env, (ok) => verifications.push(ok)),
    new FastifyAdapter(),
    { logger: false },
  );
  await app.listen(0, '127.0.0.1');
  const base = await app.getUrl();
  return {
    // As in the gateway's composition: the app stops, then what was opened for it is released.
    async close() {
      await app.close();
      await ledger.close();
    },
    async get(path) {
      const response = await fetch(`${base}${path}`);
      return { status: response.status, body: await response.json() };
    },
  };
}

describe("the gateway's auditor endpoints on real PostgreSQL and ClickHouse", () => {
  const clickhouseDatabase = `auditor_http_${randomBytes(6).toString('hex')}`;
  let clickhouse: ClickHouseClient;
  let ledgerDb: { url: string; drop(): Promise<void> };
  let gateway: Awaited<ReturnType<typeof startAuditorApp>>;

  beforeAll(async () => {
    // Given an empty usage read model and a ledger holding the FY2564 catalog, imported once
    clickhouse = await connectClickHouse(ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: clickhouseDatabase }));
    await migrate(clickhouse, USAGE_MIGRATIONS);
    ledgerDb = await createTestDatabase('auditor_http');
    const store = await openLedgerStore(ledgerDb.url);
    const catalog = parseCatalog(readFileSync(CATALOG, 'utf8'), CATALOG);
    const attested = CATALOG.replace(/\.yaml$/, '.attested.yaml');
    await importCatalog(new Ledger(store), catalog, parseAttestations(readFileSync(attested, 'utf8'), attested).attestations, {
      who: 'steward@dga.or.th',
      why: 'FY2564 KPIs approved',
    });
    await store.close();
    gateway = await startAuditorApp(ledgerDb.url, clickhouse);
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await clickhouse?.command({ query: `DROP DATABASE IF EXISTS ${clickhouseDatabase}` });
    await clickhouse?.close();
    await ledgerDb?.drop();
  });

  it("scores the ledger's catalog as of a day, in the published answer's shape, naming the catalog version", async () => {
    const { status, body } = await gateway.get('/v1/scorecards?catalog=dga-fy2564&as-of=2021-09-30');
    expect(status).toBe(200);
    const answer = LedgerScorecardsAnswerSchema.parse(body);
    expect(answer.scorecards.map((scorecard) => scorecard.id)).toEqual(['A', 'B']);
    expect(answer.catalogVersion).toMatchObject({
      catalogId: 'dga-fy2564',
      day: '2021-09-30',
      knownAt: null,
      lastChange: { revision: expect.stringMatching(/^\d+$/) },
    });
    // No usage was projected: A1's actual is missing, not zero, and the report says so
    const a1 = answer.scorecards[0]!.children.find((child) => child.id === 'A1');
    expect(a1).toMatchObject({ kind: 'indicator', missing: true, measures: [{ actual: null, target: 5_000_000 }] });
  });

  it('answers 400 naming each bad parameter and its rule', async () => {
    const { status, body } = await gateway.get('/v1/scorecards?catalog=dga-fy2564&as-of=2021-09-31&known-at=yesterday&colour=red');
    expect(status).toBe(400);
    const paths = (body as { errors: { path: string }[] }).errors.map((error) => error.path).sort();
    expect(paths).toEqual(['$', '$.as-of', '$.known-at']);
    expect(body).toMatchObject({ error: 'invalid_query' });
    expect((await gateway.get('/v1/scorecards?as-of=2021-09-30')).body).toMatchObject({ errors: [{ path: '$.catalog' }] });
    expect((await gateway.get('/v1/ledger/verify?anchors=x')).status).toBe(400);
    expect((await gateway.get('/v1/ledger/history?indicator=A%201')).body).toMatchObject({ error: 'invalid_query', errors: [{ path: '$.indicator' }] });
  });

  it("forecasts the ledger's catalog to its period's end as of a day of the period, and refuses a day outside it with 400", async () => {
    const { status, body } = await gateway.get('/v1/forecasts?catalog=dga-fy2564&as-of=2020-10-03');
    expect(status).toBe(200);
    const answer = ForecastsAnswerSchema.parse(body);
    expect(answer).toMatchObject({ catalogId: 'dga-fy2564', asOf: '2020-10-03', periodEnd: '2021-09-30', method: 'year-to-date' });
    expect(answer.catalogVersion).toMatchObject({ catalogId: 'dga-fy2564', day: '2020-10-03' });
    // No usage was projected: A3 has nothing to forecast from, so its interval is everything and it is at risk
    const a3 = answer.scorecards[0]!.children.find((child) => child.id === 'A3');
    expect(a3?.measures).toEqual([expect.objectContaining({ id: 'A3', actual: null, target: 400, forecast: null, status: 'at-risk' })]);
    expect(await gateway.get('/v1/forecasts?catalog=dga-fy2564&as-of=2021-10-01')).toMatchObject({
      status: 400,
      body: { error: 'invalid_query', errors: [{ path: '$.as-of', rule: 'outside_period' }] },
    });
  });

  it('answers 404 for a catalog the ledger does not hold, or does not hold in force that day, and for an unknown indicator', async () => {
    expect(await gateway.get('/v1/scorecards?catalog=dga-fy2599&as-of=2021-09-30')).toMatchObject({
      status: 404,
      body: { error: 'unknown_catalog', message: expect.stringContaining('dga-fy2599') },
    });
    expect(await gateway.get('/v1/scorecards?catalog=dga-fy2564&as-of=2020-09-30')).toMatchObject({
      status: 404,
      body: { error: 'unknown_catalog', message: expect.stringContaining('2020-09-30') },
    });
    expect(await gateway.get('/v1/ledger/history?indicator=A99')).toMatchObject({ status: 404, body: { error: 'unknown_indicator' } });
    expect(await gateway.get('/v1/ledger/history?catalog=dga-fy2599')).toMatchObject({ status: 404, body: { error: 'unknown_catalog' } });
  });

  it('answers 500 non_finite_aggregate naming the aggregate when an actual overflowed, rather than scoring it as 0', async () => {
    // Given two Thailand Plus registrations of 1e308 in FY2564: their sum is inf, which ClickHouse's JSON renders as null
    await clickhouse.command({
      query:
        `INSERT INTO usage_events (event_id, source, platform, metric, agency, value, entity, dimensions, ` +
        `event_time, kafka_partition, kafka_offset, projected_at) VALUES
              ('x1', 'urn:dga:platform:thailandplus', 'thailandplus', 'registrations', 'dga', 1e308, '', '{}', '2021-03-01 03:00:00', 0, 1, now()),
              ('x2', 'urn:dga:platform:thailandplus', 'thailandplus', 'registrations', 'dga', 1e308, '', '{}', '2021-03-01 03:00:00', 0, 2, now())`,
    });
    const { status, body } = await gateway.get('/v1/scorecards?catalog=dga-fy2564&as-of=2021-09-30');
    expect({ status, body }).toMatchObject({
      status: 500,
      body: { error: 'non_finite_aggregate', platform: 'thailandplus', metric: 'registrations', message: expect.stringContaining('(inf)') },
    });
  });

  it("lists an indicator's history with who, when, from which day and why", async () => {
    const { status, body } = await gateway.get('/v1/ledger/history?indicator=A1');
    expect(status).toBe(200);
    const answer = LedgerHistoryAnswerSchema.parse(body);
    expect(answer).toMatchObject({ catalog: 'dga-fy2564', indicator: 'A1' });
    expect(answer.changes.map((change) => [change.stream, change.type, change.effective, change.who, change.why])).toEqual([
      ['kpi:dga-fy2564:A1', 'KpiDefined', '2020-10-01', 'steward@dga.or.th', 'FY2564 KPIs approved'],
      ['kpi:dga-fy2564:A1', 'TargetRevised', '2020-10-01', 'steward@dga.or.th', 'FY2564 KPIs approved'],
    ]);
  });

  it('verifies the chains, then answers 200 ok:false naming the row altered with plain SQL, and tells the metrics each result', async () => {
    verifications.length = 0;
    const intact = await gateway.get('/v1/ledger/verify');
    expect(intact.status).toBe(200);
    const verdict = LedgerVerificationAnswerSchema.parse(intact.body);
    expect(verdict.ok && verdict.heads.find((head) => head.stream === 'kpi:dga-fy2564:A1')).toMatchObject({ revision: '1' });

    const sql = new Client({ connectionString: ledgerDb.url });
    await sql.connect();
    await sql.query(`UPDATE events SET data = jsonb_set(data, '{target}', '4000000') WHERE stream = 'kpi:dga-fy2564:A1' AND revision = 1`);
    await sql.end();

    const broken = await gateway.get('/v1/ledger/verify');
    expect(broken).toMatchObject({ status: 200, body: { ok: false, firstBreak: { stream: 'kpi:dga-fy2564:A1', revision: '1', reason: 'hash-mismatch' } } });
    expect(verifications).toEqual([true, false]);
  });

  it('answers 503 naming the ledger when it cannot be reached', async () => {
    const unreachable = await startAuditorApp('postgres://postgres@127.0.0.1:1/govmetrics_ledger', clickhouse);
    try {
      for (const path of ['/v1/scorecards?catalog=dga-fy2564&as-of=2021-09-30', '/v1/ledger/verify', '/v1/ledger/history']) {
        expect(await unreachable.get(path)).toMatchObject({
          status: 503,
          body: { error: 'ledger_unavailable', message: expect.stringContaining('ECONNREFUSED') },
        });
      }
    } finally {
      await unreachable.close();
    }
  });
});
