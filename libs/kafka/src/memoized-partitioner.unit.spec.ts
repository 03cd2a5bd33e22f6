import type { PartitionerArgs, PartitionMetadata } from 'kafkajs';
import { Partitioners } from 'kafkajs';
import { MemoizedDefaultPartitioner } from './memoized-partitioner';

const partitions = (count: number): PartitionMetadata[] =>
  Array.from({ length: count }, (_, partitionId) => ({ partitionId, leader: 1, replicas: [1], isr: [1], partitionErrorCode: 0, offlineReplicas: [] }));
const metadata = new Map([1, 3, 5, 6, 12].map((count) => [count, partitions(count)]));

const args = (topic: string, count: number, message: PartitionerArgs['message']): PartitionerArgs => ({
  topic,
  partitionMetadata: metadata.get(count) ?? [],
  message,
});

describe('MemoizedDefaultPartitioner', () => {
  it('chooses the default partitioner’s partition for every string key, however often the key repeats and whatever the partition count', () => {
    const memoized = MemoizedDefaultPartitioner();
    const reference = Partitioners.DefaultPartitioner();
    const keys = Array.from({ length: 300 }, (_, n) => `platform-${n % 7}:agency-${n}`);
    for (const count of [6, 3, 6, 1, 12]) {
      for (const key of [...keys, ...keys]) {
        expect(memoized(args('usage', count, { key, value: '' }))).toBe(reference(args('usage', count, { key, value: '' })));
      }
    }
  });

  it('keeps topics with different partition counts apart', () => {
    const memoized = MemoizedDefaultPartitioner();
    const reference = Partitioners.DefaultPartitioner();
    const choices = ['a', 'b', 'a', 'b'].map((topic, n) => [
      memoized(args(topic, n < 2 ? 6 : 5, { key: 'gdx:moph', value: '' })),
      reference(args(topic, n < 2 ? 6 : 5, { key: 'gdx:moph', value: '' })),
    ]);
    for (const [memo, expected] of choices) expect(memo).toBe(expected);
  });

  it('honours an explicit partition and still spreads unkeyed messages', () => {
    const memoized = MemoizedDefaultPartitioner();
    expect(memoized(args('usage', 6, { key: 'gdx:moph', partition: 4, value: '' }))).toBe(4);
    const unkeyed = new Set(Array.from({ length: 12 }, () => memoized(args('usage', 6, { value: '' }))));
    expect(unkeyed.size).toBeGreaterThan(1);
  });
});
