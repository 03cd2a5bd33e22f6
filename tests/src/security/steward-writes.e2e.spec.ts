import type { LedgerHistoryAnswer } from '@govmetrics/contracts';
import { LedgerHistoryAnswerSchema } from '@govmetrics/contracts';
import { Pipeline, requestJson } from '@govmetrics/devkit';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const CATALOGS = resolve(__dirname, '../../../catalogs');

describe('stewards write the ledger over HTTP, recorded as the authenticated subject', () => {
  let pipeline: Pipeline;
  const dir = mkdtempSync(join(tmpdir(), 'steward-ledger-'));
  const post = (path: string, body: unknown) => requestJson(`${pipeline.gatewayUrl}${path}`, { body, headers: pipeline.roleHeaders('steward') });
  const history = async (indicator: string): Promise<LedgerHistoryAnswer> =>
    LedgerHistoryAnswerSchema.parse(
      (await requestJson(`${pipeline.gatewayUrl}/v1/ledger/history?indicator=${indicator}`, { headers: pipeline.roleHeaders('auditor') })).body,
    );

  beforeAll(async () => {
    // Given a gateway over an empty ledger of its own
    pipeline = await Pipeline.start({ services: ['gateway'], env: { LEDGER_DATABASE_URL: `sqlite:${join(dir, 'ledger.db')}` } });
  }, 60_000);

  afterAll(async () => {
    await pipeline?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('imports a catalog once as the steward: the same file again records nothing', async () => {
    const body = {
      catalog: readFileSync(join(CATALOGS, 'dga-fy2564.yaml'), 'utf8'),
      attested: readFileSync(join(CATALOGS, 'dga-fy2564.attested.yaml'), 'utf8'),
      reason: 'FY2564 catalog as published',
    };
    const first = await post('/v1/catalog/import', body);
    expect(first).toMatchObject({ status: 200, body: { who: 'dev-steward' } });
    expect((first.body as { recorded: number }).recorded).toBeGreaterThan(0);
    expect(await post('/v1/catalog/import', body)).toMatchObject({ status: 200, body: { recorded: 0, who: 'dev-steward' } });
    expect((await history('A1')).changes.every((change) => change.who === 'dev-steward' && change.why === 'FY2564 catalog as published')).toBe(true);
  });

  it("revises a target against the version read, and refuses a stale version with 409 naming the stream's version", async () => {
    const read = (await history('A1')).changes.at(-1)?.version ?? '';
    const revision = { target: 9_600_000, expectedVersion: read, effective: '2021-06-01', reason: 'cabinet resolution 2021/17' };
    const next = String(BigInt(read) + 1n);
    expect(await post('/v1/targets/A1/revisions', revision)).toMatchObject({
      status: 201,
      body: { recorded: 1, stream: 'kpi:dga-fy2564:A1', version: next, who: 'dev-steward' },
    });
    expect(await post('/v1/targets/A1/revisions', { ...revision, target: 9_700_000 })).toMatchObject({
      status: 409,
      body: { error: 'stale_version', stream: 'kpi:dga-fy2564:A1', currentVersion: next },
    });
    expect((await history('A1')).changes.at(-1)).toMatchObject({
      type: 'TargetRevised',
      version: next,
      who: 'dev-steward',
      why: 'cabinet resolution 2021/17',
      data: { target: 9_600_000 },
    });
  });

  it('records an attestation with its evidence, refuses an id the catalog does not score, and takes no "who" from the body', async () => {
    const attestation = {
      id: 'innovation-platforms',
      value: 5,
      effective: '2021-09-30',
      evidence: { reference: 'DGA annual report FY2564, p. 41' },
      reason: 'annual report',
    };
    expect(await post('/v1/attestations', attestation)).toMatchObject({
      status: 201,
      body: { stream: 'kpi:dga-fy2564:innovation-platforms', who: 'dev-steward' },
    });
    expect(await post('/v1/attestations', { ...attestation, id: 'innovation-platform' })).toMatchObject({ status: 422, body: { error: 'refused' } });
    expect(await post('/v1/attestations', { ...attestation, who: 'the minister' })).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
  });
});
