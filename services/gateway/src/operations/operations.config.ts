import { loadConfig } from '@govmetrics/config';
import { TOPICS } from '@govmetrics/contracts';
import { z } from 'zod';

/** The names the other services use (same variables, same defaults), so the gateway reads their groups and topics. */
export const OperationsConfigSchema = z.object({
  USAGE_EVENTS_TOPIC: z.string().min(1).default(TOPICS.usageEvents),
  DEAD_LETTER_TOPIC: z.string().min(1).default(TOPICS.usageDlq),
  /** Platforms' completeness declarations (the ingest's COMPLETENESS_TOPIC), followed for GET /v1/operations/completeness. */
  COMPLETENESS_TOPIC: z.string().min(1).default(TOPICS.completeness),
  /** The HTTP ingest's verdict summaries (its VERDICTS_TOPIC): the board's HTTP rejections and duplicates. */
  VERDICTS_TOPIC: z.string().min(1).default(TOPICS.verdicts),
  /** The projector's consumer group (the projector's PROJECTOR_GROUP_ID), read on USAGE_EVENTS_TOPIC. */
  PROJECTOR_GROUP_ID: z.string().min(1).default('govmetrics-projector'),
  /** The scoring service's consumer group (its SCORING_GROUP_ID), read on AGGREGATES_CHANGED_TOPIC. */
  SCORING_GROUP_ID: z.string().min(1).default('govmetrics-scoring'),
  /** How many dead letters `GET /v1/dead-letters` lists per platform, the newest; older ones stay counted and on the topic. */
  DEAD_LETTERS_KEPT_PER_PLATFORM: z.coerce.number().int().min(1).max(100_000).default(1000),
  /** The window `projectedRecently` counts the projector's writes over. */
  PIPELINE_RECENT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  /** `GET /v1/operations/pipeline` and `/completeness` are each computed at most once per this many ms, whatever the number of operators asking. */
  PIPELINE_READ_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
  /** How many minutes of verdicts per platform the board's rates cover (the current minute included). */
  VERDICT_RATE_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
});

export type OperationsConfig = z.infer<typeof OperationsConfigSchema>;
export const OPERATIONS_CONFIG = Symbol('OperationsConfig');

export const loadOperationsConfig = (env: NodeJS.ProcessEnv): OperationsConfig => loadConfig(OperationsConfigSchema, env);
