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

    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    // Transaction markers take one offset per partition written; the events themselves are all there.
    const written = offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
    expect(written).toBe(events.length + 1);
  }, 60_000);
});
