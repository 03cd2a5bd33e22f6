import type { AggregatesChanged, KpiAttainment, UsageEvent } from '@govmetrics/contracts';
import { SqliteEventStore } from '@govmetrics/event-store-adapters';
import { QUARANTINE_HEADERS } from '@govmetrics/contracts';
import { createKafka, ensureTopics, RecordPublisher } from '@govmetrics/kafka';
import { KafkaBatchTransport, KeepRpcErrors } from '@govmetrics/kafka/nest';
import { readCommitted } from '@govmetrics/kafka/testing';
import { Ledger } from '@govmetrics/ledger';
import { InMemoryAggregateReader } from '@govmetrics/scoring';
import type { INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScoringModule } from '../app.module';
import { loadScoringConfig } from '../scoring.config';
import { apiCalls, callsCatalog } from '../testing/calls-catalog';
import { AGGREGATES_CHANGED_PATTERN } from './aggregates-changed.message.controller';
import { ContinuousScoring } from './continuous-scoring';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

describe('scoring service on a malformed announcement', () => {
  const run = randomBytes(5).toString('hex');
  const topic = `usage.aggregates.changed.${run}`;
  const quarantineTopic = `usage.quarantine.${run}`;
  const kafka = createKafka({ KAFKA_BROKERS: BROKERS, KAFKA_CLIENT_ID: 'scoring-poison-spec' });
  const folder = mkdtempSync(join(tmpdir(), 'scoring-poison-'));
  const events: UsageEvent[] = [];
  const published: KpiAttainment[] = [];
  let store: SqliteEventStore;
  let app: INestMicroservice;
  let quarantine: RecordPublisher;

  beforeAll(async () => {
    await ensureTopics(kafka, [
      { topic, partitions: 1 },
      { topic: quarantineTopic, partitions: 1 },
    ]);
    quarantine = new RecordPublisher(kafka);
    await quarantine.connect();
    store = await SqliteEventStore.open({ filename: join(folder, 'ledger.db') });
    const scoring = new ContinuousScoring({
      catalogOn: () => ({ catalog: callsCatalog, attestations: [] }),
      aggregates: { read: (query) => new InMemoryAggregateReader(events).read(query) },
      ledger: new Ledger(store),
      publish: (message) => Promise.resolve(void published.push(message)),
      asOf: () => '2021-09-30',
      actor: 'spec',
      log: () => undefined,
    });
    await scoring.start();
    app = await NestFactory.createMicroservice(ScoringModule.forRoot(loadScoringConfig({}), { adapters: { scoring }, release: () => store.close() }), {
      strategy: new KafkaBatchTransport({
        kafka,
        consumer: { groupId: `scoring-${run}` },
        subscriptions: { [topic]: AGGREGATES_CHANGED_PATTERN },
        quarantine: { publisher: quarantine, topic: quarantineTopic, consumer: 'scoring' },
      }),
      logger: false,
    });
    app.useGlobalFilters(new KeepRpcErrors());
    await app.listen();
  }, 60_000);

  afterAll(async () => {
    await app.close();
    await quarantine.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic, quarantineTopic] }).catch(() => undefined);
    await admin.disconnect();
    rmSync(folder, { recursive: true, force: true });
  });

  it('still moves the score when a non-JSON record comes before a real announcement on the same partition, and quarantines that record', async () => {
    // Given 40 calls projected, announced behind a record that is not JSON
    events.push(apiCalls(40));
    const announcement: AggregatesChanged = {
      topic: 'usage.events.v1',
      partition: 0,
      lastOffset: '0',
      touched: [{ platform: 'gdx', metric: 'api_calls', agency: 'moph', day: '2021-03-01' }],
      projectedAt: new Date().toISOString(),
    };
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ value: 'not json {' }, { value: JSON.stringify(announcement) }] });
    await producer.disconnect();

    // When the service consumes them, then the score moves to 40% of the target and the partition is committed past both
    const deadline = Date.now() + 45_000;
    while (Date.now() < deadline && !published.some((message) => message.snapshot.overall === 40)) await new Promise((done) => setTimeout(done, 200));
    expect(published.map((message) => message.snapshot.overall)).toEqual([0, 40]);
    const admin = kafka.admin();
    await admin.connect();
    const waitCommitted = Date.now() + 20_000;
    let committed = '';
    while (Date.now() < waitCommitted && committed !== '2') {
      const [offsets] = await admin.fetchOffsets({ groupId: `scoring-${run}`, topics: [topic] });
      committed = offsets?.partitions[0]?.offset ?? '';
      if (committed !== '2') await new Promise((done) => setTimeout(done, 200));
    }
    await admin.disconnect();
    expect(committed).toBe('2');
    const [quarantined] = await readCommitted(BROKERS, quarantineTopic, { atLeast: 1 });
    expect(String(quarantined?.value)).toBe('not json {');
    expect(String(quarantined?.headers?.[QUARANTINE_HEADERS.consumer])).toBe('scoring');
  }, 90_000);
});
