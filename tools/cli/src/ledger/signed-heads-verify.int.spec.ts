import type { RecordedEvent } from '@govmetrics/event-store';
import { openLedgerStore } from '@govmetrics/event-store-adapters';
import { createKafka, ensureTopics, KafkaConfigSchema } from '@govmetrics/kafka';
import { chainHash, generateHeadsKeyPair, parseSigningKey, signHeads, verifyLedger } from '@govmetrics/ledger';
import Database from 'better-sqlite3';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { seedCatalog } from './catalog-seed.testing';
import { ledgerCommand } from '../commands/ledger.command';
import { runCommandLine } from '../command';

const CATALOG = resolve(__dirname, '../../../../catalogs/dga-fy2564.yaml');
const STREAM = 'kpi:dga-fy2564:A1';
const keys = generateHeadsKeyPair('ledger-2026');

describe('ledger verify against published signed heads', () => {
  let dir: string;
  let url: string;
  let headsFile: string;
  let out: jest.SpyInstance;
  let err: jest.SpyInstance;
  const printed = () => out.mock.calls.map((call) => String(call[0])).join('\n');
  const complained = () => err.mock.calls.map((call) => String(call[0])).join('\n');
  const verify = (...args: string[]) => runCommandLine(ledgerCommand(), ['verify', '--ledger', url, '--verify-keys', keys.verifyKey, ...args]);

  /** Signs the ledger's heads as they stand, as the scoring service's publisher does, and appends them to the heads file. */
  async function publishHeads(signer = parseSigningKey(keys.signingKey)): Promise<void> {
    const store = await openLedgerStore(url);
    const verdict = await verifyLedger(store);
    await store.close();
    if (!verdict.ok) throw new Error(verdict.firstBreak.message);
    appendFileSync(headsFile, `${JSON.stringify(signHeads(verdict.heads, signer, new Date()))}\n`);
  }

  async function tail(): Promise<RecordedEvent> {
    const store = await openLedgerStore(url);
    const events = await store.readStream(STREAM);
    await store.close();
    return events.at(-1)!;
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cli-signed-heads-'));
    url = `sqlite:${join(dir, 'ledger.db')}`;
    headsFile = join(dir, 'heads.ndjson');
    out = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    err = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    // Given a ledger with the FY2564 catalog and its heads signed and published once
    expect(await seedCatalog(url, CATALOG)).toBeGreaterThan(0);
    await publishHeads();
  });

  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says the ledger is intact against the signed heads, naming how many and the newest', async () => {
    expect(await verify('--heads', headsFile)).toBe(0);
    expect(printed()).toMatch(/^ledger intact against 1 signed heads documents \(\d+ stream heads, newest \S+ by key ledger-2026\)/m);
  });

  it('exits 1 naming the stream and signed revision when an insider rewrote the tail with a recomputed hash', async () => {
    // When someone with the database file rewrites A1's last event and its hash
    const last = await tail();
    const data = { ...(last.data as Record<string, unknown>), name: 'rewritten' };
    const hash = chainHash({ stream: STREAM, type: last.type, data, metadata: last.metadata!, prevHash: last.metadata!['prevHash'] as string });
    const db = new Database(join(dir, 'ledger.db'));
    db.prepare('UPDATE events SET data = ?, metadata = ? WHERE stream = ? AND revision = ?').run(
      JSON.stringify(data),
      JSON.stringify({ ...last.metadata, hash }),
      STREAM,
      Number(last.revision),
    );
    db.close();

    // Then the chain alone passes, and the signed heads catch it
    expect(await runCommandLine(ledgerCommand(), ['verify', '--ledger', url])).toBe(0);
    expect(await verify('--heads', headsFile, '--json')).toBe(1);
    expect(complained()).toContain(`first broken link at stream "${STREAM}" revision ${last.revision}`);
    expect(JSON.parse(out.mock.calls.at(-1)![0] as string)).toMatchObject({
      ok: false,
      firstBreak: { stream: STREAM, revision: String(last.revision), reason: 'anchor-mismatch', expected: last.metadata!['hash'], found: hash },
      signedHeads: { trusted: 1, rejectedCount: 0 },
    });
  });

  it('reports a forged heads document as refused and never trusts it, and refuses to vouch with none trusted', async () => {
    // When someone appends heads signed with their own key under the publisher's key id
    await publishHeads({ keyId: 'ledger-2026', privateKey: generateKeyPairSync('ed25519').privateKey });
    expect(await verify('--heads', headsFile)).toBe(1);
    expect(complained()).toMatch(new RegExp(`signed heads REFUSED \\(bad-signature\\) at ${headsFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: .*forged`));

    // And a file of nothing but forgeries vouches for nothing
    const forgedOnly = join(dir, 'forged.ndjson');
    appendFileSync(forgedOnly, 'not json\n');
    err.mockClear();
    expect(await verify('--heads', forgedOnly)).toBe(1);
    expect(complained()).toContain('no signed heads document passed its check');
    expect(complained()).toContain('REFUSED (malformed)');
  });

  it('reads the signed heads from a Kafka topic as well', async () => {
    const topic = `ledger.heads.cli.${randomBytes(6).toString('hex')}`;
    const kafka = createKafka(KafkaConfigSchema.parse(process.env));
    await ensureTopics(kafka, [{ topic, partitions: 1 }]);
    const producer = kafka.producer();
    await producer.connect();
    const store = await openLedgerStore(url);
    const verdict = await verifyLedger(store);
    await store.close();
    await producer.send({
      topic,
      messages: [{ value: JSON.stringify(signHeads(verdict.ok ? verdict.heads : [], parseSigningKey(keys.signingKey), new Date())) }],
    });
    await producer.disconnect();
    try {
      // When the tail is deleted
      const last = await tail();
      const db = new Database(join(dir, 'ledger.db'));
      db.prepare('DELETE FROM events WHERE stream = ? AND revision = ?').run(STREAM, Number(last.revision));
      db.close();
      expect(await verify('--heads-topic', topic)).toBe(1);
      expect(complained()).toMatch(new RegExp(`stream "${STREAM}" revision ${last.revision}: anchor-mismatch, expected [0-9a-f]{64}, found missing`));
    } finally {
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteTopics({ topics: [topic] });
      await admin.disconnect();
    }
  }, 60_000);
});
