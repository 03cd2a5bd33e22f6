import type { KafkaMessage } from 'kafkajs';

/** What a batch handler receives: consecutive messages of one partition. */
export interface ConsumedBatch {
  topic: string;
  partition: number;
  messages: KafkaMessage[];
}
