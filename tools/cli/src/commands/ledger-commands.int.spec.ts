import { createTestDatabase } from '@govmetrics/event-store-adapters/testing';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { runCommandLine } from '../command';
import { attestCommand } from './attest.command';
import { catalogImportCommand } from './catalog-import.command';
import { ledgerCommand } from './ledger.command';
import { reviseTargetCommand } from './revise-target.command';

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
  const importFile = (catalog: string, reason = 'FY2564 catalog adopted') =>
    runCommandLine(catalogImportCommand(), ['--catalog', catalog, '--by', 'steward@dga.or.th', '--reason', reason, '--ledger', ledger.url]);

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

  it('importing the same file twice records nothing the second time; a changed target is recorded as one TargetRevised with who and why', async () => {
    expect(await importFile(`${CATALOGS}/dga-fy2564.yaml`)).toBe(0);
    expect(printed()).toMatch(/catalog dga-fy2564: \d+ events recorded/);
    const before = (await history()).length;

    expect(await importFile(`${CATALOGS}/dga-fy2564.yaml`, 'again')).toBe(0);
    expect(printed()).toContain('nothing recorded');
    expect(await history()).toHaveLength(before);

    // When the steward edits A1's target in the file and imports it again
    const edited = join(dir, 'dga-fy2564.yaml');
    writeFileSync(edited, readFileSync(`${CATALOGS}/dga-fy2564.yaml`, 'utf8').replace('target: 5000000', 'target: 5500000'));
    copyFileSync(`${CATALOGS}/dga-fy2564.attested.yaml`, join(dir, 'dga-fy2564.attested.yaml'));
    expect(await importFile(edited, 'board resolution 7/2564 raised A1')).toBe(0);

    const a1 = await history('A1');
    expect(a1).toHaveLength(4);
    expect(a1[2]).toMatch(
      /kpi:dga-fy2564:A1 v2 {2}TargetRevised FY2564 target 5500000 from 2020-10-01 {2}by steward@dga.or.th: board resolution 7\/2564 raised A1$/,
    );
    expect(a1[3]).toBe('kpi:dga-fy2564:A1 is at version 2: revise it with --expected-version 2');
  });

  it('revises a target against the version read, and refuses a stale version with a clear error and nothing recorded', async () => {
    await importFile(`${CATALOGS}/dga-fy2564.yaml`);
    const revise = (version: string) =>
      runCommandLine(reviseTargetCommand(), [
        '--indicator',
        'A1',
        '--target',
        '6000000',
        '--expected-version',
        version,
        '--effective',
        '2021-10-15',
        '--by',
        'director@dga.or.th',
        '--reason',
        'mid-term review',
        '--ledger',
        ledger.url,
      ]);

    expect(await revise('1')).toBe(0);
    expect(printed()).toContain('kpi:dga-fy2564:A1 is now at version 2: target FY2564 6000000 from 2021-10-15, by director@dga.or.th: mid-term review');

    expect(await revise('1')).toBe(3);
    expect(complained()).toContain('conflict: kpi:dga-fy2564:A1 is at version 2, not 1: it changed since you read it. Nothing was recorded');
    expect((await history('A1')).filter((line) => line.includes('TargetRevised'))).toHaveLength(2);
  });

  it('revises one target of a multi-target indicator, and refuses a target the catalog rules reject', async () => {
    await importFile(`${CATALOGS}/dga-fy2564.yaml`);
    const base = ['--indicator', 'A2', '--expected-version', '1', '--by', 'director@dga.or.th', '--reason', 'raised', '--ledger', ledger.url];
    await expect(runCommandLine(reviseTargetCommand(), [...base, '--target', '3'])).rejects.toThrow(
      /several targets \(A2\.platforms, A2\.agencies\): name one with --measure/,
    );
    await expect(runCommandLine(reviseTargetCommand(), [...base, '--measure', 'A2.platforms', '--target', '"three"'])).rejects.toThrow(/not a valid catalog/);

    expect(await runCommandLine(reviseTargetCommand(), [...base, '--measure', 'A2.platforms', '--target', '3'])).toBe(0);
    expect((await history('A2')).at(-2)).toContain('TargetRevised FY2564 target {"A2.agencies":6,"A2.platforms":3}');
  });

  it('attests a value with the digest of its evidence file, and refuses an id the catalog does not score', async () => {
    await importFile(`${CATALOGS}/dga-fy2564.yaml`);
    const evidence = join(dir, 'pmqa-2565.pdf');
    writeFileSync(evidence, 'PMQA assessment 2565');
    const attest = (id: string) =>
      runCommandLine(attestCommand(), [
        '--id',
        id,
        '--value',
        '455',
        '--effective',
        '2022-09-30',
        '--evidence',
        'OPDC letter 2565/88',
        '--evidence-file',
        evidence,
        '--by',
        'auditor@dga.or.th',
        '--reason',
        'PMQA 2565 result',
        '--ledger',
        ledger.url,
      ]);

    expect(await attest('pmqa-score')).toBe(0);
    const sha256 = createHash('sha256').update('PMQA assessment 2565').digest('hex');
    expect((await history('pmqa-score')).at(-2)).toContain(
      `ValueAttested 455 (evidence: OPDC letter 2565/88, sha256 ${sha256}) from 2022-09-30  by auditor@dga.or.th: PMQA 2565 result`,
    );
    await expect(attest('pmqa-scor')).rejects.toThrow(/scores no attested value "pmqa-scor".*pmqa-score/);
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
