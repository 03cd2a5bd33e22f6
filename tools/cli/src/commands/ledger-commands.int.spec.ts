import { createTestDatabase } from '@govmetrics/event-store-adapters/testing';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { runCommandLine } from '../command';
import { seedCatalog } from '../ledger/catalog-seed.testing';
import { ledgerCommand } from './ledger.command';

const CATALOGS = resolve(__dirname, '../../../../catalogs');

/** A ledger on fresh storage, and plain SQL on its rows: what a database administrator, not the ledger, can do. */
interface LedgerUnderTest {
  url: string;
  sql(statement: string, params: unknown[]): Promise<void>;
  dispose(): Promise<void>;
}

async function postgres(): Promise<LedgerUnderTest> {
  const database = await createTestDatabase('cli_ledger');
  return {
    url: database.url,
    async sql(statement, params) {
      const client = new Client({ connectionString: database.url });
      await client.connect();
      await client.query(
        statement.replace(/\?/g, (_, i: number) => `$${statement.slice(0, i).split('?').length}`),
        params,
      );
      await client.end();
    },
    dispose: () => database.drop(),
  };
}

function sqlite(): Promise<LedgerUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), 'cli-ledger-'));
  const file = join(dir, 'ledger.db');
  return Promise.resolve({
    url: `sqlite:${file}`,
    sql(statement, params) {
      const db = new Database(file);
      db.prepare(statement.replace('::jsonb', '')).run(...params);
      db.close();
      return Promise.resolve();
    },
    dispose() {
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  });
}

describe.each([
  ['PostgreSQL', postgres],
  ['SQLite', sqlite],
])('ledger commands on %s', (_name, open) => {
  let ledger: LedgerUnderTest;
  let dir: string;
  let out: jest.SpyInstance;
  let err: jest.SpyInstance;
  const printed = () => out.mock.calls.map((call) => String(call[0])).join('\n');
  const complained = () => err.mock.calls.map((call) => String(call[0])).join('\n');
  const history = async (...args: string[]) => {
    out.mockClear();
    expect(await runCommandLine(ledgerCommand(), ['history', ...args, '--ledger', ledger.url])).toBe(0);
    return printed().split('\n');
  };
  const importFile = (catalog: string) => seedCatalog(ledger.url, catalog);

  beforeEach(async () => {
    ledger = await open();
    dir = mkdtempSync(join(tmpdir(), 'cli-catalog-'));
    out = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    err = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
    await ledger.dispose();
  });

  it("history lists an indicator's changes with who, from which day and why, ending with the version to revise it against", async () => {
    await importFile(`${CATALOGS}/dga-fy2564.yaml`);
    const a1 = await history('A1');
    expect(a1).toHaveLength(3);
    expect(a1[1]).toMatch(/kpi:dga-fy2564:A1 v1 {2}TargetRevised FY2564 target 5000000 from 2020-10-01 {2}by steward@dga.or.th: FY2564 catalog adopted$/);
    expect(a1[2]).toBe('kpi:dga-fy2564:A1 is at version 1: revise it with --expected-version 1');
  });

  it('verify prints every stream head, then names the first broken link after one row is altered with plain SQL', async () => {
    await importFile(`${CATALOGS}/dga-fy2564.yaml`);
    out.mockClear();
    expect(await runCommandLine(ledgerCommand(), ['verify', '--ledger', ledger.url])).toBe(0);
    expect(printed()).toMatch(/^kpi:dga-fy2564:A1@1 [0-9a-f]{64}$/m);
    expect(printed()).toMatch(/ledger intact: \d+ events on \d+ hash chains/);

    await ledger.sql(`UPDATE events SET data = ?::jsonb WHERE stream = ? AND revision = ?`, [
      JSON.stringify({ catalogId: 'dga-fy2564', indicatorId: 'A1', period: 'FY2564', target: 1, effective: '2020-10-01' }),
      'kpi:dga-fy2564:A1',
      1,
    ]);

    expect(await runCommandLine(ledgerCommand(), ['verify', '--ledger', ledger.url])).toBe(1);
    expect(complained()).toMatch(/first broken link at stream "kpi:dga-fy2564:A1" revision 1 \(position \d+\): hash-mismatch/);
  });

  it('verify --anchors catches a deleted tail the chains alone cannot show, against heads printed earlier', async () => {
    await importFile(`${CATALOGS}/dga-fy2564.yaml`);
    out.mockClear();
    expect(await runCommandLine(ledgerCommand(), ['verify', '--json', '--ledger', ledger.url])).toBe(0);
    const anchors = join(dir, 'heads.json');
    writeFileSync(anchors, printed());

    await ledger.sql(`DELETE FROM events WHERE stream = ? AND revision = ?`, ['kpi:dga-fy2564:A1', 1]);

    expect(await runCommandLine(ledgerCommand(), ['verify', '--ledger', ledger.url])).toBe(0);
    expect(await runCommandLine(ledgerCommand(), ['verify', '--anchors', anchors, '--ledger', ledger.url])).toBe(1);
    expect(complained()).toMatch(/stream "kpi:dga-fy2564:A1" revision 1: anchor-mismatch, expected [0-9a-f]{64}, found missing/);
  });
});
