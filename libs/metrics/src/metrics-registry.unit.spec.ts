import { countRefusal } from '@govmetrics/kafka';
import { createMetricsRegistry } from './metrics-registry';

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
});
