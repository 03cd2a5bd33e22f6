import { ClickHouseConfigSchema } from '@govmetrics/clickhouse';
import { loadConfig } from '@govmetrics/config';
import { TOPICS } from '@govmetrics/contracts';
import { KafkaConfigSchema } from '@govmetrics/kafka';
import { z } from 'zod';

export const ProjectorConfigSchema = KafkaConfigSchema.extend(ClickHouseConfigSchema.shape).extend({
  USAGE_EVENTS_TOPIC: z.string().min(1).default(TOPICS.usageEvents),
  PROJECTOR_GROUP_ID: z.string().min(1).default('govmetrics-projector'),
});

export type ProjectorConfig = z.infer<typeof ProjectorConfigSchema>;
export const PROJECTOR_CONFIG = Symbol('ProjectorConfig');
export const CLICKHOUSE = Symbol('ClickHouseClient');

export const loadProjectorConfig = (env: NodeJS.ProcessEnv): ProjectorConfig => loadConfig(ProjectorConfigSchema, env);
