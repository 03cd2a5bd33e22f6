import { listField } from '@govmetrics/config';
import { z } from 'zod';

/** Environment keys every Kafka-speaking service shares. */
export const KafkaConfigSchema = z.object({
  KAFKA_BROKERS: listField('127.0.0.1:9092'),
  KAFKA_CLIENT_ID: z.string().min(1).default('govmetrics'),
});

export type KafkaConfig = z.infer<typeof KafkaConfigSchema>;
