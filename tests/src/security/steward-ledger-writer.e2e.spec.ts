import { databaseUsers, Pipeline, requestJson, withCredentials } from '@govmetrics/devkit';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';

const CATALOG = resolve(__dirname, '../../../catalogs/dga-fy2564.yaml');
const importBody = { catalog: readFileSync(CATALOG, 'utf8'), reason: 'FY2564 catalog as published' };

/** The PostgreSQL roles connected to the ledger's database right now (the gateway keeps its pools' connections open). */
async function rolesConnectedTo(ledgerUrl: string): Promise<string[]> {
  const client = new Client({ connectionString: ledgerUrl.replace(/\/[^/]+$/, '/postgres') });
  await client.connect();
  try {
    const { rows } = await client.query<{ usename: string }>('SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = $1 ORDER BY 1', [
      new URL(ledgerUrl).pathname.slice(1),
    ]);
    return rows.map((row) => row.usename);
  } finally {
    await client.end();
  }
}

describe("the gateway's steward writes append as the ledger's writer, its reads stay the reader's", () => {
  let pipeline: Pipeline | undefined;
  afterEach(async () => {
    await pipeline?.stop();
    pipeline = undefined;
  }, 30_000);

  it('records a steward import through the writer while the auditor reads through the reader, and never as the superuser', async () => {
    // Given a gateway over a PostgreSQL ledger of its own, with the run's least-privilege users
    pipeline = await Pipeline.start({ services: ['gateway'] });
    // When a steward imports the catalog and an auditor reads its history
    const imported = await requestJson(`${pipeline.gatewayUrl}/v1/catalog/import`, { body: importBody, headers: pipeline.roleHeaders('steward') });
    const history = await requestJson(`${pipeline.gatewayUrl}/v1/ledger/history?indicator=A1`, { headers: pipeline.roleHeaders('auditor') });
    // Then the write is recorded as the token's subject, and the ledger saw only the writer and the reader connect
    expect(imported).toMatchObject({ status: 200, body: { who: 'dev-steward' } });
    expect(history).toMatchObject({ status: 200, body: { changes: expect.arrayContaining([expect.objectContaining({ who: 'dev-steward' })]) } });
    expect(await rolesConnectedTo(pipeline.env.LEDGER_DATABASE_URL ?? '')).toEqual(['govmetrics_ledger_reader', 'govmetrics_ledger_writer']);
  }, 90_000);

  it("is refused by PostgreSQL when pointed at the reader's credentials: nothing is recorded", async () => {
    // Given a gateway whose writer location is (wrongly) the reader's
    const runId = `run_${Date.now().toString(36)}`;
    const ledgerUrl = `postgres://postgres@127.0.0.1:5432/ledger_${runId}`;
    const readerUrl = withCredentials(ledgerUrl, databaseUsers(process.env).ledgerReader);
    pipeline = await Pipeline.start({ runId, services: ['gateway'], env: { LEDGER_WRITER_URL: readerUrl } });
    // When a steward imports the catalog
    const imported = await requestJson(`${pipeline.gatewayUrl}/v1/catalog/import`, { body: importBody, headers: pipeline.roleHeaders('steward') });
    // Then the server refuses the insert, and the ledger still holds nothing
    expect(imported.status).toBeGreaterThanOrEqual(500);
    const history = await requestJson(`${pipeline.gatewayUrl}/v1/ledger/history`, { headers: pipeline.roleHeaders('auditor') });
    expect(history).toMatchObject({ status: 404, body: { error: 'unknown_catalog' } });
    expect(pipeline.service('gateway').log).toMatch(/permission denied for table events/);
  }, 90_000);
});
