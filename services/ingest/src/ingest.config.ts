import { loadConfig, portField, positiveIntField } from '@govmetrics/config';
import { TOPICS } from '@govmetrics/contracts';
import { KafkaConfigSchema } from '@govmetrics/kafka';
import { z } from 'zod';

export const IngestConfigSchema = KafkaConfigSchema.extend({
  INGEST_HOST: z.string().default('127.0.0.1'),
  INGEST_PORT: portField(3001),
  USAGE_EVENTS_TOPIC: z.string().min(1).default(TOPICS.usageEvents),
  MAX_EVENTS_PER_BATCH: positiveIntField(5000),
  MAX_BATCH_BYTES: positiveIntField(5 * 1024 * 1024),
});

export type IngestConfig = z.infer<typeof IngestConfigSchema>;
export const INGEST_CONFIG = Symbol('IngestConfig');

export const loadIngestConfig = (env: NodeJS.ProcessEnv): IngestConfig => loadConfig(IngestConfigSchema, env);
