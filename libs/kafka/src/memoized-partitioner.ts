import type { ICustomPartitioner } from 'kafkajs';
import { Partitioners } from 'kafkajs';

const MAX_REMEMBERED_KEYS = 4096;

/**
 * kafkajs's default (Java-compatible murmur2) partitioner, remembering the partition of each string key for the
 * topic's current partition count: the same choice, without a Buffer and a dozen Long objects per message. Usage event
 * keys (`platform:agency`) repeat throughout a batch. Explicit partitions and other keys go to the default partitioner.
 */
export const MemoizedDefaultPartitioner: ICustomPartitioner = () => {
  const partitioner = Partitioners.DefaultPartitioner();
  const remembered = new Map<string, number>();
  let rememberedFor = '';
  return (args) => {
    const { key, partition } = args.message;
    if (typeof key !== 'string' || (partition !== undefined && partition !== null)) return partitioner(args);
    const scope = `${args.topic}\0${args.partitionMetadata.length}`;
    if (scope !== rememberedFor || remembered.size >= MAX_REMEMBERED_KEYS) {
      remembered.clear();
      rememberedFor = scope;
    }
    let chosen = remembered.get(key);
    if (chosen === undefined) {
      chosen = partitioner(args);
      remembered.set(key, chosen);
    }
    return chosen;
  };
};
