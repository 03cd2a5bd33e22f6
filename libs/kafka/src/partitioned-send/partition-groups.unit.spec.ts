import type { Message, PartitionMetadata } from 'kafkajs';
import { Partitioners } from 'kafkajs';
import { MemoizedDefaultPartitioner } from '../memoized-partitioner';
import { groupByPartition } from './partition-groups';

const partitions = (count: number, leaderless: number[] = []): PartitionMetadata[] =>
  Array.from({ length: count }, (_, partitionId) => ({
    partitionId,
    leader: leaderless.includes(partitionId) ? -1 : 1,
    replicas: [1],
    isr: [1],
    partitionErrorCode: 0,
    offlineReplicas: [],
  }));
const keyed = (keys: string[]): Message[] => keys.map((key, n) => ({ key, value: `${key}#${n}` }));

describe(groupByPartition.name, () => {
  it('puts every message on the partition kafkajs’s default partitioner gives its key, for every partition count', () => {
    // Given keys like the ingest's (platform:agency), repeated, and a fresh default partitioner as a producer has
    const keys = Array.from({ length: 500 }, (_, n) => `platform-${n % 5}:agency-${n % 97}`);
    for (const count of [1, 3, 6, 12, 24]) {
      const reference = Partitioners.DefaultPartitioner();
      const partitionMetadata = partitions(count);

      // When they are grouped with the partitioner the publishers use
      const groups = groupByPartition([{ topic: 'usage', messages: keyed(keys) }], () => partitionMetadata, MemoizedDefaultPartitioner());

      // Then each message sits, with that partition set, where kafkajs would have written it
      for (const { partition, messages } of groups) {
        for (const message of messages) {
          expect(message.partition).toBe(partition);
          expect(partition).toBe(reference({ topic: 'usage', partitionMetadata, message: { key: message.key, value: message.value } }));
        }
      }
    }
  });

  it('makes one group per topic partition, every message in exactly one, in the order given', () => {
    const events = keyed(Array.from({ length: 60 }, (_, n) => `gdx:agency-${n % 9}`));
    const summaries = keyed(['gdx', 'gdx']);

    const groups = groupByPartition(
      [
        { topic: 'events', messages: events },
        { topic: 'verdicts', messages: summaries },
      ],
      (topic) => partitions(topic === 'events' ? 6 : 3),
      MemoizedDefaultPartitioner(),
    );

    const ids = groups.map(({ topic, partition }) => `${topic}/${partition}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(groups.filter(({ topic }) => topic === 'events').length).toBeGreaterThan(1);
    for (const { messages } of groups) {
      const order = messages.map(({ value }) => Number(String(value).split('#')[1]));
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
    const values = groups.flatMap(({ messages }) => messages.map(({ value }) => value));
    expect(values.sort()).toEqual([...events, ...summaries].map(({ value }) => value).sort());
  });

  it('keeps a message’s own partition, and spreads unkeyed messages over partitions that have a leader', () => {
    const messages: Message[] = [{ key: 'gdx:moph', partition: 4, value: 'pinned' }, ...Array.from({ length: 30 }, () => ({ key: null, value: 'loose' }))];

    const groups = groupByPartition([{ topic: 'quarantine', messages }], () => partitions(6, [2, 3]), MemoizedDefaultPartitioner());

    expect(groups.find(({ messages: [first] }) => first?.value === 'pinned')?.partition).toBe(4);
    const unkeyedOn = new Set(groups.filter(({ messages: all }) => all.some(({ value }) => value === 'loose')).map(({ partition }) => partition));
    expect(unkeyedOn.size).toBeGreaterThan(1);
    expect([...unkeyedOn].filter((partition) => partition === 2 || partition === 3)).toEqual([]);
  });
});
