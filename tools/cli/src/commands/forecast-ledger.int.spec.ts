import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openLedgerStore } from '@govmetrics/event-store-adapters';
import { catalogInForce, decideTargetRevision, Ledger } from '@govmetrics/ledger';
import { runCommandLine } from '../command';
import { seedCatalog } from '../ledger/catalog-seed.testing';
import { cliProgram } from '../program';

/** A steward's target revision, recorded through the library as the gateway would (stewards' writes need a gateway). */
async function reviseTarget(ledgerUrl: string, indicatorId: string, target: number, effective: string): Promise<void> {
  const store = await openLedgerStore(ledgerUrl);
  try {
    const ledger = new Ledger(store);
    const { catalog, version } = catalogInForce(await ledger.readAll(), { day: effective });
    const decision = decideTargetRevision({ catalogId: version.catalogId, indicatorId, target, effective }, catalog);
    if (!decision.ok) throw decision.error;
    await ledger.record(decision.stream, decision.event, { who: 'director@dga.or.th', why: 'mid-year review' }, 1n);
  } finally {
    await store.close();
  }
}

const CATALOG = resolve(__dirname, '../../../../catalogs/dga-fy2564.yaml');

describe('forecast at --ledger', () => {
  let dir: string;
  let ledger: string;
  let printed: string[];

  const run = async (...argv: string[]) => {
    printed = [];
    const log = jest.spyOn(console, 'log').mockImplementation((text: string) => void printed.push(text));
    try {
      return await runCommandLine(cliProgram(), argv);
    } finally {
      log.mockRestore();
    }
  };
  const a3 = () =>
    printed
      .join('\n')
      .split('\n')
      .find((line) => line.trimStart().startsWith('A3 (events)'));

  beforeAll(async () => {
    // Given the FY2564 catalog in an embedded ledger, and A3's target raised from 400 to 5,000 from 1 April 2021
    dir = mkdtempSync(join(tmpdir(), 'forecast-ledger-'));
    ledger = `sqlite:${join(dir, 'ledger.db')}`;
    await seedCatalog(ledger, CATALOG);
    await reviseTarget(ledger, 'A3', 5000, '2021-04-01');
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('forecasts against the target in force on the forecast day: the revision moves target and status from its effective day only', async () => {
    // When FY2564 is forecast from the ledger the day before the revision takes effect, Then A3 is on track against 400
    expect(await run('forecast', 'at', '--as-of', '2021-03-31', '--ledger', ledger)).toBe(0);
    expect(a3()).toMatch(/\/ target 400 — on-track/);
    // And from its effective day on, the same forecast falls short of 5,000: off track
    expect(await run('forecast', 'at', '--as-of', '2021-04-01', '--ledger', ledger)).toBe(0);
    expect(a3()).toMatch(/\/ target 5,000 — off-track/);
  }, 180_000);
});
