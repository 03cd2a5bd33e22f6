import type { AggregatesChanged } from '@govmetrics/contracts';
import { USAGE_EVENT_TYPE } from '@govmetrics/contracts';
import type { AggregatesAnnouncer, BatchRange, UsageBatchSink } from '@govmetrics/projection';
import type { KafkaMessage } from 'kafkajs';
import { UsageEventsMessageController } from './usage-events.message.controller';

/** One event per (agency, Bangkok day): `count` events touch `count` buckets. */
const messages = (count: number): KafkaMessage[] =>
  Array.from({ length: count }, (_, i) => {
    const day = new Date(Date.UTC(2020, 0, 1) + Math.floor(i / 100) * 86_400_000).toISOString().slice(0, 10);
    const event = {
      specversion: '1.0',
      id: `e${i}`,
      source: 'urn:dga:platform:gdx',
      type: USAGE_EVENT_TYPE,
      time: `${day}T05:00:00Z`,
      data: { platform: 'gdx', metric: 'api_calls', agency: `a${i % 100}`, value: 1 },
    };
    return { key: null, value: Buffer.from(JSON.stringify(event)), offset: String(1000 + i), timestamp: '0', attributes: 0, headers: {} };
  });

describe(UsageEventsMessageController.name, () => {
  it('announces every touched bucket once, after the batch is written and reported queryable, in one produce request per 32 chunks of 2,000', async () => {
    const steps: string[] = [];
    const requests: AggregatesChanged[][] = [];
    const sink: UsageBatchSink = {
      write: (range: BatchRange) => {
        steps.push(`write ${range.partition}:${range.firstOffset}-${range.lastOffset}`);
        return Promise.resolve();
      },
    };
    const announcer: AggregatesAnnouncer = {
      publish: (...changes: AggregatesChanged[]) => {
        steps.push(`publish ${changes.length}`);
        requests.push(changes);
        return Promise.resolve();
      },
    };
    const observer = { queryable: (batch: { messages: readonly unknown[] }) => steps.push(`queryable ${batch.messages.length}`) };
    const controller = new UsageEventsMessageController(sink, announcer, observer);

    await controller.project({ topic: 'usage', partition: 3, messages: messages(64_001) });

    // 64,001 buckets are 33 chunks: 32 in the first request, 1 in the second.
    expect(steps).toEqual(['write 3:1000-65000', 'queryable 64001', 'publish 32', 'publish 1']);
    const announced = requests.flat().flatMap((change) => change.touched.map((bucket) => `${bucket.agency}|${bucket.day}`));
    expect(new Set(announced).size).toBe(64_001);
    expect(announced).toHaveLength(64_001);
    expect(requests.flat().every((change) => change.partition === 3 && change.lastOffset === '65000')).toBe(true);
  });
});
