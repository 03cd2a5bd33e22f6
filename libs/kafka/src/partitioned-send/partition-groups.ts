import type { Message, PartitionerArgs, PartitionMetadata, TopicMessages } from 'kafkajs';

/** One topic partition's share of a send, its messages in the order the caller gave them. */
export interface PartitionMessages {
  topic: string;
  partition: number;
  messages: Message[];
}

/** A producer's partitioner, as `createPartitioner()` returns it. */
export type Partitioner = (args: PartitionerArgs) => number;

/**
 * Splits messages by the partition the producer would write each to: `partitioner` over the topic's partitions, or
 * the message's own `partition`. Each comes back with that partition set, so the producer cannot choose another.
 */
export function groupByPartition(
  topicMessages: readonly TopicMessages[],
  partitionsOf: (topic: string) => PartitionMetadata[],
  partitioner: Partitioner,
): PartitionMessages[] {
  const groups = new Map<string, PartitionMessages>();
  for (const { topic, messages } of topicMessages) {
    const partitionMetadata = partitionsOf(topic);
    for (const message of messages) {
      const partition = partitioner({ topic, partitionMetadata, message });
      const id = `${topic}\0${partition}`;
      let group = groups.get(id);
      if (!group) groups.set(id, (group = { topic, partition, messages: [] }));
      group.messages.push({ ...message, partition });
    }
  }
  return [...groups.values()];
}
