import { createKafka, ensureTopics } from '@govmetrics/kafka';
import { randomBytes } from 'node:crypto';
import { Registry } from 'prom-client';
import { ConsumerLagWatch } from './consumer-lag.watch';
import { kafkaInstruments } from './kafka.instruments';

const kafka = createKafka({ KAFKA_BROKERS: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), KAFKA_CLIENT_ID: 'consumer-lag-test' });

const lagOf = async (registry: Registry): Promise<Record<string, number>> => {
  const samples = (await registry.getSingleMetric('govmetrics_kafka_consumer_lag_messages')?.get())?.values ?? [];
  return Object.fromEntries(samples.map((sample) => [String(sample.labels.partition), sample.value]));
};

describe(ConsumerLagWatch.name, () => {
  const id = randomBytes(5).toString('hex');
  const [topic, groupId] = [`lag.test.${id}`, `lag-test-${id}`];
  const admin = kafka.admin();

  beforeAll(async () => {
    await admin.connect();
    await ensureTopics(kafka, [{ topic, partitions: 2 }]);
  });

  afterAll(async () => {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('reads each partition as end offset minus committed offset, the whole partition while the group committed nothing', async () => {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [0, 1, 2, 3, 4].map((i) => ({ partition: 0, value: `p0-${i}` })) });
    await producer.send({ topic, messages: [0, 1, 2].map((i) => ({ partition: 1, value: `p1-${i}` })) });
    await producer.disconnect();
    await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '2' }] });

    const registry = new Registry();
    const instruments = kafkaInstruments(registry);
    const watch = await ConsumerLagWatch.start(kafka, { groupId, topics: [topic] }, instruments, 60_000);
    try {
      await watch.read();
      expect(await lagOf(registry)).toEqual({ '0': 3, '1': 3 });
      await admin.setOffsets({
        groupId,
        topic,
        partitions: [
          { partition: 0, offset: '5' },
          { partition: 1, offset: '3' },
        ],
      });
      await watch.read();
      expect(await lagOf(registry)).toEqual({ '0': 0, '1': 0 });
      expect((await instruments.lagReadFailures.get()).values).toEqual([]);
    } finally {
      await watch.stop();
    }
  });
});
