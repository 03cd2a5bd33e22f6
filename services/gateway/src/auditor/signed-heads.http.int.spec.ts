import 'reflect-metadata';
import type { ClickHouseClient } from '@clickhouse/client';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ClickHouseConfigSchema, connectClickHouse } from '@govmetrics/clickhouse';
import type { LedgerVerificationAnswer } from '@govmetrics/contracts';
import { LedgerVerificationAnswerSchema } from '@govmetrics/contracts';
import { openLedgerStore } from '@govmetrics/event-store-adapters';
import { createTestDatabase } from '@govmetrics/event-store-adapters/testing';
import { createKafka, ensureTopics, KafkaConfigSchema } from '@govmetrics/kafka';
import { chainHash, generateHeadsKeyPair, importCatalog, Ledger, parseSigningKey, signHeads, verifyLedger } from '@govmetrics/ledger';
import { parseAttestations, parseCatalog } from '@govmetrics/scoring';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { AuditorModule } from './auditor.module';
import { LedgerSource } from './ledger-source';

const CATALOG = resolve(__dirname, '../../../../catalogs/dga-fy2564.yaml');
const STREAM = 'kpi:dga-fy2564:A1';
const keys = generateHeadsKeyPair('ledger-2026');

describe('GET /v1/ledger/verify against the signed heads on Kafka, on real PostgreSQL and Kafka', () => {
  const topic = `ledger.heads.gateway.${randomBytes(6).toString('hex')}`;
  const kafka = createKafka(KafkaConfigSchema.parse(process.env));
  let ledgerDb: { url: string; drop(): Promise<void> };
  let clickhouse: ClickHouseClient;
  let app: NestFastifyApplication;

  const verify = async (): Promise<LedgerVerificationAnswer> => {
    const response = await fetch(`${await app.getUrl()}/v1/ledger/verify`);
    expect(response.status).toBe(200);
    return LedgerVerificationAnswerSchema.parse(await response.json());
  };

  /** Until the gateway has read both published documents from the topic. */
  const verifyOnceRead = async (): Promise<LedgerVerificationAnswer> => {
    for (let attempt = 0; ; attempt++) {
      const answer = await verify();
      if ((answer.signedHeads?.trusted ?? 0) + (answer.signedHeads?.rejectedCount ?? 0) >= 2 || attempt === 100) return answer;
      await new Promise((done) => setTimeout(done, 100));
    }
  };

  beforeAll(async () => {
    // Given a ledger with the FY2564 catalog, its heads signed and published after an older document, and a forgery after them
    ledgerDb = await createTestDatabase('gateway_heads');
    const store = await openLedgerStore(ledgerDb.url);
    const catalog = parseCatalog(readFileSync(CATALOG, 'utf8'), CATALOG);
    const attested = CATALOG.replace(/\.yaml$/, '.attested.yaml');
    await importCatalog(new Ledger(store), catalog, parseAttestations(readFileSync(attested, 'utf8'), attested).attestations, {
      who: 'steward@dga.or.th',
      why: 'FY2564 KPIs approved',
    });
    const verdict = await verifyLedger(store);
    await store.close();
    const heads = verdict.ok ? verdict.heads : [];
    const forger = { keyId: 'ledger-2026', privateKey: generateKeyPairSync('ed25519').privateKey };
    const forged = signHeads(
      heads.map((head) => ({ ...head, hash: 'f'.repeat(64) })),
      forger,
      new Date(),
    );
    await ensureTopics(kafka, [{ topic, partitions: 1 }]);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        { value: 'an older document, beyond the tail the gateway reads' },
        { value: JSON.stringify(signHeads(heads, parseSigningKey(keys.signingKey), new Date())) },
        { value: JSON.stringify(forged) },
      ],
    });
    await producer.disconnect();

    // And a gateway given the auditors' public key, reading the topic's newest two documents
    clickhouse = await connectClickHouse(ClickHouseConfigSchema.parse(process.env));
    const env = { ...process.env, LEDGER_VERIFY_KEYS: keys.verifyKey, LEDGER_HEADS_TOPIC: topic, LEDGER_HEADS_TAIL_DOCUMENTS: '2' };
    app = await NestFactory.create<NestFastifyApplication>(
      AuditorModule.forRoot(new LedgerSource(ledgerDb.url, openLedgerStore), clickhouse, env),
      new FastifyAdapter(),
      { logger: false },
    );
    await app.listen(0, '127.0.0.1');
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await clickhouse?.close();
    await ledgerDb?.drop();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
  });

  it('answers ok against the signed heads of the bounded tail, reporting the forged document as refused and never reading older ones', async () => {
    const answer = await verifyOnceRead();
    expect(answer).toMatchObject({ ok: true, signedHeads: { trusted: 1, newest: { keyId: 'ledger-2026' }, rejectedCount: 1 } });
    expect(answer.signedHeads!.anchors).toBeGreaterThan(0);
    expect(answer.signedHeads!.rejected).toEqual([{ reason: 'bad-signature', source: `${topic} 0:2`, message: expect.stringContaining('forged') }]);
  });

  it('answers ok: false naming the stream and its signed revision once an insider rewrote that tail with a recomputed hash', async () => {
    const store = await openLedgerStore(ledgerDb.url);
    const tail = (await store.readStream(STREAM)).at(-1)!;
    await store.close();
    const data = { ...(tail.data as Record<string, unknown>), name: 'rewritten by an insider' };
    const hash = chainHash({ stream: STREAM, type: tail.type, data, metadata: tail.metadata!, prevHash: tail.metadata!['prevHash'] as string });
    const sql = new Client({ connectionString: ledgerDb.url });
    await sql.connect();
    await sql.query('UPDATE events SET data = $1::jsonb, metadata = $2::jsonb WHERE stream = $3 AND revision = $4', [
      JSON.stringify(data),
      JSON.stringify({ ...tail.metadata, hash }),
      STREAM,
      String(tail.revision),
    ]);
    await sql.end();

    expect(await verify()).toMatchObject({
      ok: false,
      firstBreak: { stream: STREAM, revision: String(tail.revision), reason: 'anchor-mismatch', expected: tail.metadata!['hash'], found: hash },
      signedHeads: { trusted: 1, rejectedCount: 1 },
    });
  });
});
