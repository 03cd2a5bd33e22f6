import { Pipeline } from '@govmetrics/devkit';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCommandLine } from '../command';
import { attestCommand } from './attest.command';
import { catalogImportCommand } from './catalog-import.command';
import { ledgerCommand } from './ledger.command';
import { reviseTargetCommand } from './revise-target.command';

const CATALOGS = resolve(__dirname, '../../../../catalogs');

describe("stewards' commands act through a running gateway with a token: the ledger records the token's subject", () => {
  let pipeline: Pipeline;
  const dir = mkdtempSync(join(tmpdir(), 'cli-stewards-'));
  const ledgerUrl = `sqlite:${join(dir, 'ledger.db')}`;
  let out: jest.SpyInstance;
  let err: jest.SpyInstance;
  const printed = () => out.mock.calls.map((call) => String(call[0])).join('\n');
  const complained = () => err.mock.calls.map((call) => String(call[0])).join('\n');
  const viaGateway = () => ['--gateway', pipeline.gatewayUrl];
  const history = async (indicator: string) => {
    out.mockClear();
    expect(await runCommandLine(ledgerCommand(), ['history', indicator, '--ledger', ledgerUrl])).toBe(0);
    return printed().split('\n');
  };
  const revise = (...args: string[]) =>
    runCommandLine(reviseTargetCommand(), ['--indicator', 'A1', '--effective', '2021-10-15', '--reason', 'mid-term review', ...viaGateway(), ...args]);

  beforeAll(async () => {
    // Given a gateway over an empty ledger of its own, and the steward's token in GOVMETRICS_TOKEN
    pipeline = await Pipeline.start({ services: ['gateway'], env: { LEDGER_DATABASE_URL: ledgerUrl } });
    process.env['GOVMETRICS_TOKEN'] = pipeline.token('steward');
  }, 90_000);

  afterAll(async () => {
    delete process.env['GOVMETRICS_TOKEN'];
    await pipeline?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  beforeEach(() => {
    out = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    err = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('imports a catalog once as the token holder; the same file again records nothing', async () => {
    const importFile = () =>
      runCommandLine(catalogImportCommand(), ['--catalog', `${CATALOGS}/dga-fy2564.yaml`, '--reason', 'FY2564 catalog adopted', ...viaGateway()]);
    expect(await importFile()).toBe(0);
    expect(printed()).toMatch(/catalog dga-fy2564: \d+ events recorded, by dev-steward$/);
    expect(await importFile()).toBe(0);
    expect(printed()).toContain('nothing recorded');
    expect((await history('A1'))[1]).toMatch(/TargetRevised FY2564 target 5000000 from 2020-10-01 {2}by dev-steward: FY2564 catalog adopted$/);
  });

  it('revises a target against the version read, and exits 3 naming the current version when it is stale, recording nothing', async () => {
    expect(await revise('--target', '6000000', '--expected-version', '1')).toBe(0);
    expect(printed()).toContain('kpi:dga-fy2564:A1 is now at version 2: target 6000000 from 2021-10-15, by dev-steward: mid-term review');

    expect(await revise('--target', '6500000', '--expected-version', '1')).toBe(3);
    expect(complained()).toContain('conflict: kpi:dga-fy2564:A1 is at version 2, not 1: it changed since you read it. Nothing was recorded');
    expect((await history('A1')).filter((line) => line.includes('TargetRevised'))).toHaveLength(2);
  });

  it("relays the gateway's refusal of a target the catalog rules reject, and revises one target of a multi-target indicator", async () => {
    const a2 = ['--indicator', 'A2', '--expected-version', '1', '--reason', 'raised', ...viaGateway()];
    await expect(runCommandLine(reviseTargetCommand(), [...a2, '--target', '3'])).rejects.toThrow(
      /the gateway refused the change \(422\): refused: .*several targets \(A2\.platforms, A2\.agencies\)/,
    );
    expect(await runCommandLine(reviseTargetCommand(), [...a2, '--measure', 'A2.platforms', '--target', '3'])).toBe(0);
    expect((await history('A2')).at(-2)).toContain('TargetRevised FY2564 target {"A2.agencies":6,"A2.platforms":3}');
  });

  it('attests a value with the digest of its evidence file, as the holder of the token in --token-file', async () => {
    const evidence = join(dir, 'pmqa-2565.pdf');
    writeFileSync(evidence, 'PMQA assessment 2565');
    const tokenFile = join(dir, 'steward.token');
    writeFileSync(tokenFile, `${pipeline.token('steward')}\n`);
    const attest = (id: string, token = tokenFile) =>
      runCommandLine(attestCommand(), [
        ...['--id', id, '--value', '455', '--effective', '2022-09-30', '--evidence', 'OPDC letter 2565/88', '--evidence-file', evidence],
        ...['--reason', 'PMQA 2565 result', '--token-file', token, ...viaGateway()],
      ]);

    expect(await attest('pmqa-score')).toBe(0);
    const sha256 = createHash('sha256').update(readFileSync(evidence)).digest('hex');
    expect((await history('pmqa-score')).at(-2)).toContain(
      `ValueAttested 455 (evidence: OPDC letter 2565/88, sha256 ${sha256}) from 2022-09-30  by dev-steward: PMQA 2565 result`,
    );
    await expect(attest('pmqa-scor')).rejects.toThrow(/\(422\): refused: .*scores no attested value "pmqa-scor"/);
  });

  it("is refused 403 with an auditor's token and 401 with an unknown one: reading the ledger gives no right to change it", async () => {
    const tokenFile = join(dir, 'other.token');
    writeFileSync(tokenFile, pipeline.token('auditor'));
    await expect(revise('--target', '1', '--expected-version', '2', '--token-file', tokenFile)).rejects.toThrow(/\(403\): forbidden/);
    writeFileSync(tokenFile, 'not-a-token-anyone-issued');
    await expect(revise('--target', '1', '--expected-version', '2', '--token-file', tokenFile)).rejects.toThrow(/\(401\): unauthorized/);
    expect((await history('A1')).filter((line) => line.includes('TargetRevised'))).toHaveLength(2);
  });
});
