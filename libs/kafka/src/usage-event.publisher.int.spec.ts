import type { UsageEvent } from '@govmetrics/contracts';
import { USAGE_EVENT_TYPE } from '@govmetrics/contracts';
import { randomBytes, randomUUID } from 'node:crypto';
import { createKafka } from './create-kafka';
import { ensureTopics, usageEventsTopic } from './topic-bootstrap';
import { UsageEventPublisher } from './usage-event.publisher';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

const bulkyEvent = (n: number): UsageEvent => ({
  specversion: '1.0',
  id: randomUUID(),
  source: 'urn:dga:platform:gdx',
  type: USAGE_EVENT_TYPE,
  time: '2021-03-01T10:00:00+07:00',
  subject: `gdx-service-call-report-${'x'.repeat(200)}`,
  data: { platform: 'gdx', metric: 'api_calls', agency: 'moph', value: n, dimensions: { service: 's'.repeat(120) } },
});

/**
 * The sum of the topic's read-committed ends, polled until it reaches `expected` or 10 s pass: the
 * coordinator writes commit markers after EndTxn has answered, so the end lags the publish briefly.
 */
async function committedEnd(kafka: ReturnType<typeof createKafka>, topic: string, expected: number): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const offsets = await admin.fetchTopicOffsets(topic);
      const end = offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
      if (end >= expected || Date.now() > deadline) return end;
      await new Promise((resolveLater) => setTimeout(resolveLater, 100));
    }
  } finally {
    await admin.disconnect();
  }
}

describe(UsageEventPublisher.name, () => {
  const topic = `usage.events.${randomBytes(5).toString('hex')}`;
  const kafka = createKafka({ KAFKA_BROKERS: BROKERS, KAFKA_CLIENT_ID: 'publisher-spec' });
  const publisher = new UsageEventPublisher(kafka, { topic, transactionalIdPrefix: `publisher-spec-${topic}`, poolSize: 1 });

  beforeAll(async () => {
    await ensureTopics(kafka, [usageEventsTopic(topic)]);
    await publisher.warmUp();
  }, 60_000);

  afterAll(async () => {
    await publisher.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }, 60_000);

  it('publishes a full-size batch whose events all share one key, which the broker holds as one record batch over 1 MB', async () => {
    const events = Array.from({ length: 5000 }, (_, n) => bulkyEvent(n));
    expect(Buffer.byteLength(JSON.stringify(events))).toBeGreaterThan(2 * 1024 * 1024);

    await publisher.publish(events);

    // Transaction markers take one offset per partition written; the events themselves are all there.
    expect(await committedEnd(kafka, topic, events.length + 1)).toBe(events.length + 1);
  }, 60_000);
});
