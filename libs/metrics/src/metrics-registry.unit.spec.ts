import { ConsumerRevival, countRefusal } from '@govmetrics/kafka';
import type { Consumer } from 'kafkajs';
import { EventEmitter } from 'node:events';
import { createMetricsRegistry } from './metrics-registry';

/** Just enough of a kafkajs consumer to be given up (its CRASH event without a restart). */
class CrashingConsumer extends EventEmitter {
  readonly events = { GROUP_JOIN: 'consumer.group_join', CRASH: 'consumer.crash' };
  givenUp(): void {
    this.emit(this.events.CRASH, { payload: { error: new Error('gone'), restart: false } });
  }
}

describe('createMetricsRegistry', () => {
  it('exports the refusals libs/kafka counted, by kind and Kafka error type, as they stand at the scrape', async () => {
    const registry = createMetricsRegistry('ingest');
    const refused = async () => (await registry.getSingleMetric('govmetrics_kafka_refusals_total')?.get())?.values ?? [];
    const before = (await refused()).find((value) => value.labels.type === 'TOPIC_AUTHORIZATION_FAILED')?.value ?? 0;
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    countRefusal('produce usage.events.v1', { kind: 'authorization', type: 'TOPIC_AUTHORIZATION_FAILED', code: 29 });
    countRefusal('produce usage.events.v1', { kind: 'authorization', type: 'TOPIC_AUTHORIZATION_FAILED', code: 29 });
    const after = (await refused()).find((value) => value.labels.type === 'TOPIC_AUTHORIZATION_FAILED');
    expect(after).toMatchObject({ labels: { kind: 'authorization', type: 'TOPIC_AUTHORIZATION_FAILED' }, value: before + 2 });
  });

  it('exports the consumers given up that ConsumerRevival counted, by group, as they stand at the scrape', async () => {
    const registry = createMetricsRegistry('projector');
    const consumer = new CrashingConsumer();
    // A pause longer than the test: no new consumer is started.
    const revival = new ConsumerRevival(() => Promise.resolve(consumer as unknown as Consumer), { group: 'registry-spec', initialMs: 60_000 });
    await revival.begin();

    consumer.givenUp();
    const exported = (await registry.getSingleMetric('govmetrics_kafka_consumers_given_up_total')?.get())?.values ?? [];
    revival.stop();

    expect(exported.find((value) => value.labels.group === 'registry-spec')).toMatchObject({ value: 1 });
  });
});
