import type { UsageEvent } from '@govmetrics/contracts';
import { DLQ_HEADERS, parsePlatformCatalog, USAGE_EVENT_TYPE } from '@govmetrics/contracts';
import type { IntakePolicy } from '@govmetrics/ingestion';
import { assessBatch, parseJsonItem, UnparsableItem } from '@govmetrics/ingestion';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createKafka } from './create-kafka';
import { readCommitted } from './read-committed';
import { RawIntakeRelay } from './raw-intake.relay';
import { ensureTopics } from './topic-bootstrap';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const policy: IntakePolicy = {
  catalog: parsePlatformCatalog(readFileSync(resolve(__dirname, '../../../catalogs/platforms.yaml'), 'utf8')),
  eventTime: { notBefore: new Date('2020-10-01T00:00:00+07:00'), maxAheadMs: 300_000 },
  now: () => new Date(),
};
const assess = (values: readonly (Buffer | null)[]) =>
  assessBatch(values.map((value) => (value === null ? new UnparsableItem('empty message value') : parseJsonItem(value.toString('utf8')))), policy);

const event = (value: number): UsageEvent => ({
  specversion: '1.0',
  id: randomUUID(),
  source: 'urn:dga:platform:gdx',
  type: USAGE_EVENT_TYPE,
  time: '2021-03-01T10:00:00+07:00',
  data: { platform: 'gdx', metric: 'api_calls', agency: `agency-${value % 4}`, value },
});

describe(RawIntakeRelay.name, () => {
  const run = randomBytes(5).toString('hex');
  const topics = { raw: `usage.raw.${run}`, accepted: `usage.events.${run}`, dlq: `usage.dlq.${run}` };
  const kafka = createKafka({ KAFKA_BROKERS: BROKERS, KAFKA_CLIENT_ID: 'relay-spec' });
  const relayOptions = { rawTopic: topics.raw, acceptedTopic: topics.accepted, deadLetterTopic: topics.dlq, groupId: `validator-${run}`, transactionalId: `validator-${run}`, assess };
  const valid = Array.from({ length: 12 }, (_, n) => event(n));
  const producer = kafka.producer();

  beforeAll(async () => {
    await ensureTopics(kafka, [
      { topic: topics.raw, partitions: 3 },
      { topic: topics.accepted, partitions: 3 },
      { topic: topics.dlq, partitions: 1 },
    ]);
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
    await admin.disconnect();
  });

  it('forwards valid raw events once and dead-letters poison with the reason in headers, surviving a crashed predecessor and a restart', async () => {
    // Given a predecessor that crashed mid-transaction, having forwarded two events it never committed
    const zombie = kafka.producer({ transactionalId: relayOptions.transactionalId, idempotent: true, maxInFlightRequests: 1 });
    await zombie.connect();
    const open = await zombie.transaction();
    await open.send({ topic: topics.accepted, messages: valid.slice(0, 2).map((e) => ({ key: 'zombie', value: JSON.stringify(e) })) });

    // And platforms that wrote good events, text that is not JSON, an empty value and an event breaking a catalog rule
    await producer.send({
      topic: topics.raw,
      messages: [
        ...valid.slice(0, 6).map((e) => ({ key: e.data.agency, value: JSON.stringify(e) })),
        { key: 'poison-1', value: 'not json at all', headers: { origin: 'legacy-exporter' } },
        { key: 'poison-2', value: null },
        { key: 'poison-3', value: JSON.stringify({ ...event(1), data: { ...event(1).data, value: -5 } }) },
        ...valid.slice(6).map((e) => ({ key: e.data.agency, value: JSON.stringify(e) })),
      ],
    });

    // When the relay starts (fencing the predecessor), runs, and is restarted
    const first = new RawIntakeRelay(kafka, relayOptions);
    await first.start();
    const forwarded = await readCommitted(BROKERS, topics.accepted, { atLeast: valid.length, quietMs: 2000 });
    await first.stop();
    const second = new RawIntakeRelay(kafka, relayOptions);
    await second.start();
    await new Promise((settle) => setTimeout(settle, 3000));
    await second.stop();

    // Then each valid event is on the accepted topic exactly once, the predecessor's open writes never visible
    const afterRestart = await readCommitted(BROKERS, topics.accepted, { atLeast: valid.length, quietMs: 1500 });
    const ids = (messages: typeof forwarded) => messages.map((message) => (JSON.parse(String(message.value)) as UsageEvent).id).sort();
    expect(ids(forwarded)).toEqual(valid.map((e) => e.id).sort());
    expect(ids(afterRestart)).toEqual(ids(forwarded));
    expect(afterRestart.every((message) => String(message.key).startsWith('gdx:'))).toBe(true);

    // And each poison message is dead-lettered once, unchanged, with why and where from
    const dead = await readCommitted(BROKERS, topics.dlq, { atLeast: 3 });
    const byKey = Object.fromEntries(dead.map((message) => [String(message.key), message]));
    expect(Object.keys(byKey).sort()).toEqual(['poison-1', 'poison-2', 'poison-3']);
    expect(dead).toHaveLength(3);
    expect(String(byKey['poison-1']?.value)).toBe('not json at all');
    expect(String(byKey['poison-1']?.headers?.origin)).toBe('legacy-exporter');
    expect(String(byKey['poison-1']?.headers?.[DLQ_HEADERS.rule])).toBe('invalid_json');
    expect(String(byKey['poison-1']?.headers?.[DLQ_HEADERS.sourceTopic])).toBe(topics.raw);
    expect(String(byKey['poison-2']?.headers?.[DLQ_HEADERS.rule])).toBe('invalid_json');
    expect(JSON.parse(String(byKey['poison-3']?.headers?.[DLQ_HEADERS.rejections]))).toEqual([
      expect.objectContaining({ path: '$.data.value', rule: 'counter_negative' }),
    ]);
    await zombie.disconnect().catch(() => undefined);
  }, 120_000);
});
