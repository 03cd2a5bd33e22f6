import { listField } from '@govmetrics/config';
import { z } from 'zod';

/** Environment keys every Kafka-speaking service shares. */
export const KafkaConfigSchema = z.object({
  KAFKA_BROKERS: listField('127.0.0.1:9092'),
  KAFKA_CLIENT_ID: z.string().min(1).default('govmetrics'),
  /** How long a service waits at start for a broker that is still starting before it gives up and exits. */
  KAFKA_STARTUP_WAIT_MS: z.coerce.number().int().nonnegative().default(60_000),
});

export type KafkaConfig = z.infer<typeof KafkaConfigSchema>;
