import { CLICKHOUSE_CREDENTIAL_KEYS, ClickHouseConfigSchema } from '@govmetrics/clickhouse';
import { ConsumerHealthConfigSchema, loadConfig, portField, positiveIntField } from '@govmetrics/config';
import { TOPICS } from '@govmetrics/contracts';
import { KafkaConfigSchema } from '@govmetrics/kafka';
import { MetricsConfigSchema } from '@govmetrics/metrics';
import { z } from 'zod';

export const ProjectorConfigSchema = KafkaConfigSchema.extend(ClickHouseConfigSchema.shape)
  .extend(MetricsConfigSchema.shape)
  .extend(ConsumerHealthConfigSchema.shape)
  .extend({
    /** The health port: GET /health/live and /health/ready (docs/operations.md, "Health"). */
    PROJECTOR_HEALTH_PORT: portField(3002),
    USAGE_EVENTS_TOPIC: z.string().min(1).default(TOPICS.usageEvents),
    AGGREGATES_CHANGED_TOPIC: z.string().min(1).default(TOPICS.aggregatesChanged),
    /** Where records the projector cannot project go, so their partition moves on (docs/projector.md, "Quarantine"). */
    QUARANTINE_TOPIC: z.string().min(1).default(TOPICS.quarantine),
    PROJECTOR_GROUP_ID: z.string().min(1).default('govmetrics-projector'),
    /**
     * Batch size: the most bytes one partition's batch may carry (about 300 bytes an event, so ~55,000 events).
     * Every fold writes a part per month it touches into each of three tables, so a backlog is worked off
     * fastest in large batches; a live stream's batches stay small because a fetch returns what is there.
     */
    PROJECTOR_BATCH_BYTES: positiveIntField(16 * 1024 * 1024),
    /** Batch linger: how long a fetch waits for PROJECTOR_MIN_BATCH_BYTES before handing over what it has. */
    PROJECTOR_LINGER_MS: positiveIntField(200),
    PROJECTOR_MIN_BATCH_BYTES: positiveIntField(1),
    PROJECTOR_PARTITIONS_CONCURRENTLY: positiveIntField(6),
    /** How soon the group gives a silent member's partitions to the others (a crashed replica). */
    PROJECTOR_SESSION_TIMEOUT_MS: positiveIntField(10_000),
  });

export type ProjectorConfig = z.infer<typeof ProjectorConfigSchema>;
export const PROJECTOR_CONFIG = Symbol('ProjectorConfig');

export const loadProjectorConfig = (env: NodeJS.ProcessEnv): ProjectorConfig =>
  loadConfig(ProjectorConfigSchema, env, { requiredInProduction: CLICKHOUSE_CREDENTIAL_KEYS });
