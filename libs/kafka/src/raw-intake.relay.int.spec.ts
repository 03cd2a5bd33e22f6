import type { UsageEvent } from '@govmetrics/contracts';
import { DLQ_HEADERS, parsePlatformCatalog, USAGE_EVENT_TYPE, VERDICT_LIMITS } from '@govmetrics/contracts';
import type { Rejection } from '@govmetrics/contracts';
import type { IntakePolicy } from '@govmetrics/ingestion';
import { assessBatch, parseJsonItem, UnparsableItem } from '@govmetrics/ingestion';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createKafka } from './create-kafka';
import { readCommitted } from './read-committed';
import { DLQ_REJECTIONS_MAX_BYTES, DLQ_REJECTIONS_MAX_ENTRIES } from './dead-letter';
import { RawIntakeRelay, type RawIntakeRelayOptions } from './raw-intake.relay';
import { ensureTopics, TOPIC_MAX_MESSAGE_BYTES, usageDeadLetterTopic, usageEventsTopic, usageRawTopic } from './topic-bootstrap';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const policy: IntakePolicy = {
  catalog: parsePlatformCatalog(readFileSync(resolve(__dirname, '../../../catalogs/platforms.yaml'), 'utf8')),
  eventTime: { notBefore: new Date('2020-10-01T00:00:00+07:00'), maxAheadMs: 300_000 },
  now: () => new Date(),
};
const assess = (values: readonly (Buffer | null)[]) =>
  assessBatch(
    values.map((value) => (value === null ? new UnparsableItem('empty message value') : parseJsonItem(value.toString('utf8')))),
    policy,
  );

const event = (value: number): UsageEvent => ({
  specversion: '1.0',
  id: randomUUID(),
  source: 'urn:dga:platform:gdx',
  type: USAGE_EVENT_TYPE,
  time: '2021-03-01T10:00:00+07:00',
  data: { platform: 'gdx', metric: 'api_calls', agency: `agency-${value % 4}`, value },
});

describe(RawIntakeRelay.name, () => {
  const { topics, options: relayOptions } = relayRun('relay');
  const kafka = createKafka({ KAFKA_BROKERS: BROKERS, KAFKA_CLIENT_ID: 'relay-spec' });
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
    // Given a predecessor that crashed mid-transaction on raw partition 0, having forwarded two events it never committed
    const zombie = kafka.producer({ transactionalId: `${relayOptions.transactionalId}-0`, idempotent: true, maxInFlightRequests: 1 });
    await zombie.connect();
    const open = await zombie.transaction();
    await open.send({ topic: topics.accepted, messages: valid.slice(0, 2).map((e) => ({ key: 'zombie', value: JSON.stringify(e) })) });

    // And platforms that wrote good events, text that is not JSON, an empty value and an event breaking a catalog rule
    await producer.send({
      topic: topics.raw,
      messages: [
        ...valid.slice(0, 6).map((e) => ({ key: e.data.agency, value: JSON.stringify(e), partition: 0 })),
        { key: 'poison-1', value: 'not json at all', headers: { origin: 'legacy-exporter' } },
        { key: 'poison-2', value: null },
        { key: 'poison-3', value: JSON.stringify({ ...event(1), data: { ...event(1).data, value: -5 } }) },
        ...valid.slice(6).map((e) => ({ key: e.data.agency, value: JSON.stringify(e) })),
      ],
    });

    // When the relay starts (fencing partition 0's predecessor), runs, and is restarted
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

/** A run's own raw, accepted and dead-letter topics, and the relay's options over them. */
function relayRun(name: string): { topics: { raw: string; accepted: string; dlq: string }; options: RawIntakeRelayOptions } {
  const run = `${name}-${randomBytes(4).toString('hex')}`;
  const topics = { raw: `usage.raw.${run}`, accepted: `usage.events.${run}`, dlq: `usage.dlq.${run}` };
  const options = {
    rawTopic: topics.raw,
    acceptedTopic: topics.accepted,
    deadLetterTopic: topics.dlq,
    groupId: `validator-${run}`,
    transactionalId: `validator-${run}`,
    assess,
  };
  return { topics, options };
}

/** A relay over a fresh one-partition raw topic: `send` produces records, then waits until each ended accepted or dead-lettered. */
function hostileIntake(name: string) {
  const { topics, options } = relayRun(name);
  const kafka = createKafka({ KAFKA_BROKERS: BROKERS, KAFKA_CLIENT_ID: 'relay-spec' });
  const relay = new RawIntakeRelay(kafka, options);
  const producer = kafka.producer();
  return {
    topics,
    async start() {
      // The product's topic configs (arrival time on raw, the DLQ's room for headers), on one partition each
      await ensureTopics(
        kafka,
        [usageRawTopic(topics.raw), usageEventsTopic(topics.accepted), usageDeadLetterTopic(topics.dlq)].map((spec) => ({ ...spec, partitions: 1 })),
      );
      await producer.connect();
      await relay.start();
    },
    async send(messages: { key: string; value: string | Buffer | null }[], expected: { accepted: number; dead: number }) {
      await producer.send({ topic: topics.raw, messages });
      const [accepted, dead] = await Promise.all([
        readCommitted(BROKERS, topics.accepted, { atLeast: expected.accepted, timeoutMs: 60_000 }),
        readCommitted(BROKERS, topics.dlq, { atLeast: expected.dead, timeoutMs: 60_000 }),
      ]);
      return { accepted, dead: new Map(dead.map((message) => [String(message.key), message])), deadCount: dead.length };
    },
    async stop() {
      await relay.stop();
      await producer.disconnect();
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
      await admin.disconnect();
    },
  };
}

const rejectionsOf = (message: { headers?: Record<string, unknown> } | undefined): Rejection[] =>
  JSON.parse(String(message?.headers?.[DLQ_HEADERS.rejections])) as Rejection[];
const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe(`${RawIntakeRelay.name} on hostile records`, () => {
  const intake = hostileIntake('hostile');
  beforeAll(() => intake.start(), 60_000);
  afterAll(() => intake.stop());

  it('ends every hostile record accepted or dead-lettered, bounded and without personal data, and the partition moves on', async () => {
    // Given prototype keys, non-JSON bytes, deep nesting, an e-mail in clear and the 0.9 MB event of 100,000 e-mails
    const base = event(1);
    const emails = Array.from({ length: 100_000 }, (_, n) => `u${n}@mail.go.th`);
    const huge = JSON.stringify({
      ...base,
      id: randomUUID(),
      data: { ...base.data, dimensions: Object.fromEntries(emails.map((email, n) => [`d${n}`, email])) },
    });
    const pii = JSON.stringify({ ...base, id: randomUUID(), subject: 'somchai.j@moph.go.th' });
    const later = event(2);
    const hostile = [
      { key: 'constructor', value: JSON.stringify({ ...base, id: randomUUID(), data: { ...base.data, platform: 'constructor' } }) },
      { key: 'metric-proto', value: JSON.stringify({ ...base, id: randomUUID(), data: { ...base.data, metric: '__proto__', dimensions: { x: 'y' } } }) },
      { key: 'proto-key', value: `{"__proto__":{"polluted":true},"specversion":"1.0","id":"p","source":"urn:dga:platform:gdx"}` },
      { key: 'bytes', value: Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0xc3]) },
      { key: 'deep', value: nested(100_000) },
      { key: 'non-finite', value: JSON.stringify(base).replace('"value":1', '"value":1e999') },
      { key: 'pii', value: pii },
      { key: 'huge', value: huge },
      { key: 'later', value: JSON.stringify(later) },
    ];
    expect(huge.length).toBeGreaterThan(900_000);

    // When they are produced to one partition, the valid event last
    const { accepted, dead, deadCount } = await intake.send(hostile, { accepted: 1, dead: hostile.length - 1 });

    // Then the valid event behind them is forwarded, and each other record is dead-lettered once, with its reasons
    expect(accepted.map((message) => (JSON.parse(String(message.value)) as UsageEvent).id)).toEqual([later.id]);
    expect(deadCount).toBe(hostile.length - 1);
    expect([...dead.keys()].sort()).toEqual(
      hostile
        .filter(({ key }) => key !== 'later')
        .map(({ key }) => key)
        .sort(),
    );
    for (const message of dead.values()) {
      const rejections = rejectionsOf(message);
      expect(rejections.length).toBeGreaterThan(0);
      expect(rejections.length).toBeLessThanOrEqual(DLQ_REJECTIONS_MAX_ENTRIES);
      expect(Buffer.byteLength(JSON.stringify(rejections))).toBeLessThanOrEqual(DLQ_REJECTIONS_MAX_BYTES);
    }
    expect(dead.get('bytes')?.value).toEqual(Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0xc3]));

    // And the e-mail is redacted, its path, rule and the original's digest kept
    const piiLetter = dead.get('pii');
    expect(String(piiLetter?.value)).not.toContain('somchai');
    expect((JSON.parse(String(piiLetter?.value)) as UsageEvent).subject).toMatch(/^\[redacted pii_in_clear sha256:[0-9a-f]{64}\]$/);
    expect(rejectionsOf(piiLetter)).toContainEqual(expect.objectContaining({ path: '$.subject', rule: 'pii_in_clear' }));
    expect(String(piiLetter?.headers?.[DLQ_HEADERS.originalSha256])).toBe(sha256(pii));

    // And the 0.9 MB event's 100,000 rejections arrive capped by the validator (20 and a marker counting the rest), its value a digest only
    const hugeLetter = dead.get('huge');
    const hugeRejections = rejectionsOf(hugeLetter);
    expect(Number(hugeLetter?.headers?.[DLQ_HEADERS.rejectionCount])).toBe(VERDICT_LIMITS.rejectionsPerEvent + 1);
    expect(hugeRejections.at(-1)?.message).toMatch(/^\d+ more rejections not listed/);
    expect(hugeRejections.at(-1)).toEqual(expect.objectContaining({ path: '$', rule: 'too_many_errors' }));
    expect(String(hugeLetter?.value)).toBe(`[redacted pii_in_clear sha256:${sha256(huge)}]`);
    expect(String(hugeLetter?.headers?.[DLQ_HEADERS.originalSha256])).toBe(sha256(huge));
  }, 120_000);
});

describe(`${RawIntakeRelay.name} on a flood of small records full of personal data`, () => {
  const intake = hostileIntake('flood');
  beforeAll(() => intake.start(), 60_000);
  afterAll(() => intake.stop());

  it('dead-letters a 2 MB produce batch whose redacted copies and headers come to over 16 MiB, behind it a valid event', async () => {
    // Given one record batch of 1,100 records, each 200 short e-mails: redaction makes each value ten times larger
    const subject = Array.from({ length: 200 }, () => 'a@b.co');
    const flood = Array.from({ length: 1100 }, (_, n) => ({ key: `flood-${n}`, value: JSON.stringify({ id: `f${n}`, subject }) }));
    const later = event(5);
    const { accepted, deadCount, dead } = await intake.send([...flood, { key: 'later', value: JSON.stringify(later) }], { accepted: 1, dead: flood.length });

    // Then every record ends dead-lettered (the output went out in several requests of one transaction) and the event behind is forwarded
    expect(deadCount).toBe(flood.length);
    const deadBytes = [...dead.values()].reduce(
      (sum, message) => sum + (message.value?.length ?? 0) + Buffer.byteLength(String(message.headers?.[DLQ_HEADERS.rejections])),
      0,
    );
    expect(deadBytes).toBeGreaterThan(16 * 1024 * 1024);
    expect(accepted.map((message) => (JSON.parse(String(message.value)) as UsageEvent).id)).toEqual([later.id]);
  }, 180_000);
});

describe(`${RawIntakeRelay.name} on a raw record of the largest size`, () => {
  const intake = hostileIntake('largest');
  beforeAll(() => intake.start(), 60_000);
  afterAll(() => intake.stop());

  it('dead-letters it whole, its reasons in headers beside it, and forwards the event behind it', async () => {
    const largest = `{"id":"big","pad":"${'a'.repeat(TOPIC_MAX_MESSAGE_BYTES - 400)}"}`;
    const later = event(6);
    const { accepted, dead } = await intake.send(
      [
        { key: 'largest', value: largest },
        { key: 'later', value: JSON.stringify(later) },
      ],
      { accepted: 1, dead: 1 },
    );
    expect(dead.get('largest')?.value?.length).toBe(largest.length);
    expect(rejectionsOf(dead.get('largest')).length).toBeGreaterThan(0);
    expect(accepted.map((message) => (JSON.parse(String(message.value)) as UsageEvent).id)).toEqual([later.id]);
  }, 180_000);
});

describe(`${RawIntakeRelay.name} through faults of its own`, () => {
  const { topics, options } = relayRun('revival');
  const kafka = createKafka({ KAFKA_BROKERS: BROKERS, KAFKA_CLIENT_ID: 'relay-spec' });
  const producer = kafka.producer();
  const givenUp: unknown[] = [];
  let failNextJudging = false;
  const relay = new RawIntakeRelay(kafka, {
    ...options,
    // A judging that throws (a bug) is what kafkajs gives a consumer up for: a TypeError is never retried.
    assess: (values) => {
      if (!failNextJudging) return options.assess(values);
      failNextJudging = false;
      throw new TypeError('judging failed once');
    },
    onConsumerGivenUp: (error) => givenUp.push(error),
  });
  // Another holder of partition 0's transactional id: what a network partition leaves behind when the group moved on.
  const usurper = kafka.producer({ transactionalId: `${options.transactionalId}-0`, idempotent: true, maxInFlightRequests: 1 });
  const sent: UsageEvent[] = [];
  const send = async () => {
    const next = event(sent.length);
    sent.push(next);
    await producer.send({ topic: topics.raw, messages: [{ key: next.data.agency, value: JSON.stringify(next) }] });
  };
  const forwardedIds = async () =>
    (await readCommitted(BROKERS, topics.accepted, { atLeast: sent.length, timeoutMs: 60_000, quietMs: 1500 })).map(
      (message) => (JSON.parse(String(message.value)) as UsageEvent).id,
    );

  beforeAll(async () => {
    await ensureTopics(
      kafka,
      [usageRawTopic(topics.raw), usageEventsTopic(topics.accepted), usageDeadLetterTopic(topics.dlq)].map((spec) => ({ ...spec, partitions: 1 })),
    );
    await producer.connect();
    await relay.start();
    await send();
    await forwardedIds();
  }, 90_000);

  afterAll(async () => {
    await relay.stop();
    await Promise.all([producer.disconnect(), usurper.disconnect().catch(() => undefined)]);
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
    await admin.disconnect();
  });

  it('relays on after its transactional producer was fenced by another holder of its id', async () => {
    // When another producer takes the relay's transactional id, and an event arrives
    await usurper.connect();
    await send();

    // Then the relay replaces its fenced producer and forwards the event, once
    expect(await forwardedIds()).toEqual(sent.map((e) => e.id));
  }, 120_000);

  it('starts a new group member when kafkajs gave its consumer up, instead of leaving the group empty', async () => {
    // When judging a batch throws, which kafkajs never retries: it stops the consumer for good
    failNextJudging = true;
    await send();

    // Then a new member joins after a pause, judges the batch again and forwards the event, once
    expect(await forwardedIds()).toEqual(sent.map((e) => e.id));
    expect(givenUp).toEqual([expect.objectContaining({ message: expect.stringContaining('judging failed once') })]);
  }, 120_000);
});
