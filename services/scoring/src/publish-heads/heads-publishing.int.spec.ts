import type { SignedHeads } from '@govmetrics/contracts';
import type { EventStore, RecordedEvent } from '@govmetrics/event-store';
import { openLedgerStore } from '@govmetrics/event-store-adapters';
import { createTestDatabase } from '@govmetrics/event-store-adapters/testing';
import { createKafka, KafkaConfigSchema, replayTopic } from '@govmetrics/kafka';
import {
  chainHash,
  generateHeadsKeyPair,
  importCatalog,
  Ledger,
  parseSigningKey,
  parseVerifyKeys,
  SignedHeadsCollection,
  verifyLedger,
} from '@govmetrics/ledger';
import { parseAttestations, parseCatalog } from '@govmetrics/scoring';
import type { Kafka } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { startHeadsPublishing } from './heads-publishing';
import { LedgerHeadsPublisher, UnsignableLedgerError } from './ledger-heads.publisher';

const CATALOG = resolve(__dirname, '../../../../catalogs/dga-fy2564.yaml');
const STREAM = 'kpi:dga-fy2564:A1';
const OTHER_STREAM = 'kpi:dga-fy2564:A2';
const { signingKey, verifyKey } = generateHeadsKeyPair('ledger-spec');

/** Every signed heads document on the topic, checked with the auditors' key. */
async function headsOnTopic(kafka: Kafka, topic: string): Promise<{ collection: SignedHeadsCollection; documents: SignedHeads[] }> {
  const collection = new SignedHeadsCollection(parseVerifyKeys(verifyKey));
  const documents: SignedHeads[] = [];
  await replayTopic(kafka, topic, `heads-spec-${randomBytes(4).toString('hex')}`, (batch) => {
    for (const message of batch.messages) {
      const document = JSON.parse(message.value!.toString()) as SignedHeads;
      documents.push(document);
      collection.accept(document, `${topic} ${batch.partition}:${message.offset}`);
    }
    return Promise.resolve();
  });
  return { collection, documents };
}

function headsInFile(path: string): SignedHeadsCollection {
  const collection = new SignedHeadsCollection(parseVerifyKeys(verifyKey));
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .forEach((line, i) => collection.accept(JSON.parse(line), `${path}:${i + 1}`));
  return collection;
}

/** What an insider with write access to the ledger's table does: change the tail event and recompute its hash so the chain still holds. */
async function rewriteTail(url: string, tail: RecordedEvent): Promise<string> {
  const data = { ...(tail.data as Record<string, unknown>), name: 'rewritten by an insider' };
  const metadata = tail.metadata!;
  const hash = chainHash({ stream: tail.stream, type: tail.type, data, metadata, prevHash: metadata['prevHash'] as string });
  await sql(url, `UPDATE events SET data = $1::jsonb, metadata = $2::jsonb WHERE stream = $3 AND revision = $4`, [
    JSON.stringify(data),
    JSON.stringify({ ...metadata, hash }),
    tail.stream,
    String(tail.revision),
  ]);
  return hash;
}

async function sql(url: string, text: string, values: unknown[]): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text, values);
  } finally {
    await client.end();
  }
}

describe('signed ledger heads published by the scoring service, on real PostgreSQL and Kafka', () => {
  const kafka = createKafka(KafkaConfigSchema.parse(process.env));
  let database: { url: string; drop(): Promise<void> };
  let store: EventStore;
  let folder: string;
  let topic: string;
  let topicCreated = false;

  beforeEach(async () => {
    // Given a ledger holding the FY2564 catalog, and the scoring service's heads publisher with a signing key
    database = await createTestDatabase('signed_heads');
    store = await openLedgerStore(database.url);
    const catalog = parseCatalog(readFileSync(CATALOG, 'utf8'), CATALOG);
    const attested = CATALOG.replace(/\.yaml$/, '.attested.yaml');
    await importCatalog(new Ledger(store), catalog, parseAttestations(readFileSync(attested, 'utf8'), attested).attestations, {
      who: 'steward@dga.or.th',
      why: 'FY2564 KPIs approved',
    });
    folder = mkdtempSync(join(tmpdir(), 'signed-heads-'));
    topic = `ledger.heads.spec.${randomBytes(6).toString('hex')}`;
    topicCreated = false;
  }, 60_000);

  afterEach(async () => {
    await store.close();
    await database.drop();
    rmSync(folder, { recursive: true, force: true });
    if (!topicCreated) return;
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
  });

  const publishOnce = async (file: string, intervalSeconds = 3600) => {
    const reports: string[] = [];
    topicCreated = true;
    const publishing = await startHeadsPublishing(
      {
        LEDGER_SIGNING_KEY: signingKey,
        LEDGER_HEADS_TOPIC: topic,
        LEDGER_HEADS_FILE: file,
        LEDGER_HEADS_INTERVAL_SECONDS: intervalSeconds,
        LEDGER_HEADS_KEEPALIVE_SECONDS: 3600,
      },
      kafka,
      store,
      (line) => reports.push(line),
    );
    return { publishing, reports };
  };

  /** A steward's target revision, appended to the tail of the indicator's stream. */
  const reviseTarget = async (stream: string, target: number) => {
    const revision = (await store.readStream(stream)).at(-1)!.revision;
    const indicatorId = stream.split(':').at(-1)!;
    await new Ledger(store).record(
      stream,
      { type: 'TargetRevised', data: { catalogId: 'dga-fy2564', indicatorId, period: 'FY2564', target } },
      { who: 'director@dga.or.th', why: 'mid-year review' },
      revision,
    );
  };

  it(
    'catches a tail rewritten with correctly recomputed hashes, ' + 'naming the stream, the signed revision and what was found, from the topic and the file',
    async () => {
      const file = join(folder, 'heads.ndjson');
      const { publishing, reports } = await publishOnce(file);
      expect(reports).toEqual([expect.stringMatching(/^signed \d+ ledger heads with key ledger-spec to /)]);
      const tail = (await store.readStream(STREAM)).at(-1)!;

      // When an insider rewrites A1's last event and recomputes its hash
      const forgedHash = await rewriteTail(database.url, tail);

      // Then the chain alone still verifies: that is what the unkeyed chain cannot see
      expect(await verifyLedger(store)).toMatchObject({ ok: true });
      // But against the heads signed before, it breaks at the signed revision of that stream
      const signed = tail.metadata!['hash'] as string;
      const expected = { stream: STREAM, revision: tail.revision, reason: 'anchor-mismatch', expected: signed, found: forgedHash };
      const fromTopic = await headsOnTopic(kafka, topic);
      expect(await verifyLedger(store, { anchors: fromTopic.collection.anchors() })).toMatchObject({ ok: false, firstBreak: expected });
      expect(await verifyLedger(store, { anchors: headsInFile(file).anchors() })).toMatchObject({ ok: false, firstBreak: expected });

      // And heads published after the rewrite (another stream moved) still carry the hash that was signed: the publisher does not read a signed event twice
      await reviseTarget(OTHER_STREAM, 5);
      await publishing.stop();
      const { documents } = await headsOnTopic(kafka, topic);
      expect(documents).toHaveLength(2);
      expect(documents.at(-1)!.streams.find((head) => head.stream === STREAM)).toEqual({ stream: STREAM, revision: String(tail.revision), hash: signed });
    },
    60_000,
  );

  it('publishes again soon after an append, once for several appends in a row, with the new head', async () => {
    const { publishing } = await publishOnce(join(folder, 'heads.ndjson'));
    const before = (await store.readStream(STREAM)).at(-1)!.revision;

    // When two targets are revised in a row, each announced to the publisher
    await reviseTarget(STREAM, 6_000_000);
    publishing.soon();
    await reviseTarget(STREAM, 7_000_000);
    publishing.soon();
    await new Promise((done) => setTimeout(done, 1_500));

    // Then one more document was published, carrying A1's new head
    const { documents } = await headsOnTopic(kafka, topic);
    expect(documents).toHaveLength(2);
    expect(documents[1]!.streams.find((head) => head.stream === STREAM)).toMatchObject({ revision: String(before + 2n) });
    await publishing.stop();
  }, 60_000);

  it("publishes nothing while the ledger stands still, and finds another writer's append on its scheduled read", async () => {
    // Given the publisher reading the ledger every second
    const { publishing } = await publishOnce(join(folder, 'heads.ndjson'), 1);
    await new Promise((done) => setTimeout(done, 2_500));
    // Then its scheduled reads found nothing moved and published nothing after the first document
    expect((await headsOnTopic(kafka, topic)).documents).toHaveLength(1);

    // When another writer (the CLI) revises a target, telling the service nothing
    await reviseTarget(STREAM, 6_000_000);
    await new Promise((done) => setTimeout(done, 2_500));

    // Then the next scheduled read published A1's new head, once
    await publishing.stop();
    const { documents } = await headsOnTopic(kafka, topic);
    expect(documents).toHaveLength(2);
    expect(documents[1]!.streams.find((head) => head.stream === STREAM)).toMatchObject({ revision: String((await store.readStream(STREAM)).at(-1)!.revision) });
  }, 60_000);

  it('signs unchanged heads again only once the keep-alive has passed since the last publication', async () => {
    let now = Date.parse('2026-11-29T00:00:00Z');
    const published: SignedHeads[] = [];
    const publisher = new LedgerHeadsPublisher({
      store,
      key: parseSigningKey(signingKey),
      sinks: [(document) => Promise.resolve(void published.push(document))],
      clock: () => new Date(now),
      keepAliveMs: 3_600_000,
    });

    // When the publisher is asked at its start, again at once, after a target moved, and as the hour since runs out
    const asked = [await publisher.publish(), await publisher.publish()];
    await reviseTarget(STREAM, 6_000_000);
    now += 1_000;
    asked.push(await publisher.publish());
    now += 3_599_999;
    asked.push(await publisher.publish());
    now += 1;
    asked.push(await publisher.publish());

    // Then it published at its start, after the move, and once the hour had passed; never for nothing
    expect(asked.map((document) => document?.at)).toEqual([
      '2026-11-29T00:00:00.000Z',
      undefined,
      '2026-11-29T00:00:01.000Z',
      undefined,
      '2026-11-29T01:00:01.000Z',
    ]);
    expect(published.map((document) => document.at)).toEqual(asked.filter((document) => document !== undefined).map((document) => document.at));
    expect(published[2]!.streams).toEqual(published[1]!.streams);
  }, 60_000);

  it('catches a deleted tail, naming the signed revision and where the stream now ends', async () => {
    const file = join(folder, 'heads.ndjson');
    const { publishing } = await publishOnce(file);
    await publishing.stop();
    const tail = (await store.readStream(STREAM)).at(-1)!;

    // When an insider deletes A1's last event
    await sql(database.url, 'DELETE FROM events WHERE stream = $1 AND revision = $2', [STREAM, String(tail.revision)]);

    // Then the chain alone verifies, and the signed heads catch it
    expect(await verifyLedger(store)).toMatchObject({ ok: true });
    const found = tail.revision === 0n ? 'missing: no such stream' : `missing: the stream ends at revision ${tail.revision - 1n}`;
    const verdict = await verifyLedger(store, { anchors: (await headsOnTopic(kafka, topic)).collection.anchors() });
    expect(verdict).toMatchObject({ ok: false, firstBreak: { stream: STREAM, revision: tail.revision, reason: 'anchor-mismatch', position: null, found } });
    expect(verdict.ok ? '' : verdict.firstBreak.message).toContain(`stream "${STREAM}" revision ${tail.revision}`);
  }, 60_000);

  it('refuses to sign a chain that is already broken when it first reads it', async () => {
    // Given an event altered without recomputing its hash before the publisher ever read it
    await sql(database.url, `UPDATE events SET data = jsonb_set(data, '{name}', '"altered"') WHERE stream = $1 AND revision = 0`, [STREAM]);
    const published: SignedHeads[] = [];
    const publisher = new LedgerHeadsPublisher({
      store,
      key: parseSigningKey(signingKey),
      sinks: [(document) => Promise.resolve(void published.push(document))],
    });

    // Then nothing is signed, and the publisher names the broken link
    await expect(publisher.publish()).rejects.toThrow(UnsignableLedgerError);
    await expect(publisher.publish()).rejects.toThrow(new RegExp(`refusing to sign the ledger's heads: stream "${STREAM}" revision 0`));
    expect(published).toEqual([]);
  }, 60_000);
});
