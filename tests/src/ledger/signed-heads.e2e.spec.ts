import type { LedgerVerificationAnswer } from '@govmetrics/contracts';
import { LedgerVerificationAnswerSchema } from '@govmetrics/contracts';
import { Pipeline, requestJson } from '@govmetrics/devkit';
import { chainHash, generateHeadsKeyPair } from '@govmetrics/ledger';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { runCli } from '../run-cli';

const REWRITTEN = 'kpi:dga-fy2564:A1';
const TRUNCATED = 'kpi:dga-fy2564:A2';
const keys = generateHeadsKeyPair('ledger-e2e');

interface Row {
  stream: string;
  revision: string;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

describe("an insider rewrites and truncates the ledger behind the scoring service's back; the heads it signed and published catch both", () => {
  let pipeline: Pipeline;
  let folder: string;
  let headsFile: string;
  let sql: Client;

  const verifyOverHttp = async (): Promise<LedgerVerificationAnswer> => {
    const { status, body } = await requestJson(`${pipeline.gatewayUrl}/v1/ledger/verify`, { headers: pipeline.roleHeaders('auditor') });
    expect(status).toBe(200);
    return LedgerVerificationAnswerSchema.parse(body);
  };
  const tail = async (stream: string): Promise<Row> =>
    (await sql.query<Row>('SELECT stream, revision::text, type, data, metadata FROM events WHERE stream = $1 ORDER BY revision DESC LIMIT 1', [stream]))
      .rows[0]!;
  const cli = (...args: string[]) =>
    runCli(['ledger', 'verify', ...args], { LEDGER_DATABASE_URL: pipeline.env.LEDGER_DATABASE_URL!, LEDGER_VERIFY_KEYS: keys.verifyKey });

  beforeAll(async () => {
    // Given the scoring service holding the signing key and the gateway holding the auditors' public key
    folder = mkdtempSync(join(tmpdir(), 'signed-heads-e2e-'));
    headsFile = join(folder, 'ledger-heads.ndjson');
    pipeline = await Pipeline.start({
      services: ['scoring', 'gateway'],
      env: {
        LEDGER_SIGNING_KEY: keys.signingKey,
        LEDGER_VERIFY_KEYS: keys.verifyKey,
        LEDGER_HEADS_FILE: headsFile,
      },
    });
    sql = new Client({ connectionString: pipeline.env.LEDGER_DATABASE_URL });
    await sql.connect();
  }, 120_000);

  afterAll(async () => {
    await sql?.end();
    await pipeline?.stop();
    rmSync(folder, { recursive: true, force: true });
  }, 60_000);

  it('answers ok:false over HTTP and exits 1 in the CLI, naming the stream, its signed revision and what was found', async () => {
    // When the service has seeded the FY2564 catalog and published its signed heads, and the gateway has read them
    let answer = await verifyOverHttp();
    for (let attempt = 0; !(answer.ok && (answer.signedHeads?.trusted ?? 0) > 0) && attempt < 200; attempt++) {
      await new Promise((done) => setTimeout(done, 100));
      answer = await verifyOverHttp();
    }
    expect(answer).toMatchObject({ ok: true, signedHeads: { newest: { keyId: 'ledger-e2e' }, rejectedCount: 0 } });
    expect(existsSync(headsFile) && readFileSync(headsFile, 'utf8').includes(REWRITTEN)).toBe(true);
    expect((await cli('--heads', headsFile)).code).toBe(0);

    // And an insider with database access deletes A2's last event
    const truncated = await tail(TRUNCATED);
    await sql.query('DELETE FROM events WHERE stream = $1 AND revision = $2', [TRUNCATED, truncated.revision]);
    // Then the chain alone still verifies; against the signed heads the deleted tail is named
    expect((await runCli(['ledger', 'verify'], { LEDGER_DATABASE_URL: pipeline.env.LEDGER_DATABASE_URL! })).code).toBe(0);
    expect(await verifyOverHttp()).toMatchObject({
      ok: false,
      firstBreak: { stream: TRUNCATED, revision: truncated.revision, reason: 'anchor-mismatch', found: expect.stringMatching(/^missing/) },
    });
    const fromFile = await cli('--heads', headsFile);
    expect(fromFile.code).toBe(1);
    expect(fromFile.stderr).toContain(`stream "${TRUNCATED}" revision ${truncated.revision}: anchor-mismatch`);

    // When the insider also rewrites A1's last event and recomputes its hash so the chain holds
    const last = await tail(REWRITTEN);
    const data = { ...last.data, name: 'rewritten by an insider' };
    const hash = chainHash({ stream: REWRITTEN, type: last.type, data, metadata: last.metadata, prevHash: last.metadata['prevHash'] as string });
    await sql.query('UPDATE events SET data = $1::jsonb, metadata = $2::jsonb WHERE stream = $3 AND revision = $4', [
      JSON.stringify(data),
      JSON.stringify({ ...last.metadata, hash }),
      REWRITTEN,
      last.revision,
    ]);

    // Then both the gateway and the CLI name A1 at its signed revision, the signed hash and the one found
    const rewritten = { stream: REWRITTEN, revision: last.revision, reason: 'anchor-mismatch', expected: last.metadata['hash'], found: hash };
    expect(await verifyOverHttp()).toMatchObject({ ok: false, firstBreak: rewritten });
    const fromTopic = await cli('--heads-topic', pipeline.env.LEDGER_HEADS_TOPIC!, '--json');
    expect(fromTopic.code).toBe(1);
    expect(JSON.parse(fromTopic.stdout)).toMatchObject({ ok: false, firstBreak: rewritten });
  }, 120_000);
});
