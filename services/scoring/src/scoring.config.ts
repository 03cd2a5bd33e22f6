import { CLICKHOUSE_CREDENTIAL_KEYS, ClickHouseConfigSchema } from '@govmetrics/clickhouse';
import { ConsumerHealthConfigSchema, loadConfig, portField } from '@govmetrics/config';
import { bangkokDay, TOPICS } from '@govmetrics/contracts';
import { DEFAULT_LEDGER_LOCATION, LedgerLocationSchema, PostgresStartupConfigSchema } from '@govmetrics/event-store-adapters';
import { KafkaConfigSchema } from '@govmetrics/kafka';
import { MetricsConfigSchema } from '@govmetrics/metrics';
import { resolve } from 'node:path';
import { z } from 'zod';

const WORKSPACE_ROOT = resolve(__dirname, '../../..');

export const ScoringConfigSchema = KafkaConfigSchema.extend(ClickHouseConfigSchema.shape)
  .extend(MetricsConfigSchema.shape)
  .extend(ConsumerHealthConfigSchema.shape)
  .extend(PostgresStartupConfigSchema.shape)
  .extend({
    /** The health port: GET /health/live and /health/ready (docs/operations.md, "Health"). */
    SCORING_HEALTH_PORT: portField(3003),
    /**
     * The KPI catalog file (YAML; relative paths are from the workspace root). The service scores the ledger's catalog of
     * the same id, and only seeds the ledger from this file when the ledger holds no such catalog yet.
     */
    SCORING_CATALOG: z
      .string()
      .min(1)
      .default('catalogs/dga-fy2564.yaml')
      .transform((path) => resolve(WORKSPACE_ROOT, path)),
    /** Attested values seeded with the catalog; by default the file beside it (CATALOG.attested.yaml), none when that is missing. */
    SCORING_ATTESTATIONS: z
      .string()
      .min(1)
      .optional()
      .transform((path) => (path === undefined ? undefined : resolve(WORKSPACE_ROOT, path))),
    /** Score as of today in Bangkok (moving with the clock), or as of a fixed Bangkok day. */
    SCORING_AS_OF: z.union([z.literal('today'), z.iso.date()]).default('today'),
    /** The governance ledger, the catalog's source of truth: a PostgreSQL database (created when missing) or sqlite:FILE. */
    LEDGER_DATABASE_URL: LedgerLocationSchema.default(DEFAULT_LEDGER_LOCATION),
    /** Who the ledger names for snapshots and catalog imports made by this service. */
    SCORING_ACTOR: z.string().min(1).default('govmetrics-scoring-service'),
    AGGREGATES_CHANGED_TOPIC: z.string().min(1).default(TOPICS.aggregatesChanged),
    KPI_ATTAINMENT_TOPIC: z.string().min(1).default(TOPICS.kpiAttainment),
    QUARANTINE_TOPIC: z.string().min(1).default(TOPICS.quarantine),
    /** Platforms' completeness declarations, read whole at start and followed: a score is provisional until its inputs are complete. */
    COMPLETENESS_TOPIC: z.string().min(1).default(TOPICS.completeness),
    SCORING_GROUP_ID: z.string().min(1).default('govmetrics-scoring'),
  });

export type ScoringConfig = z.infer<typeof ScoringConfigSchema>;
export const SCORING_CONFIG = Symbol('ScoringConfig');

/** Scoring reads ClickHouse as a read-only user and appends to the ledger as its writer: production names both. */
export const SCORING_CREDENTIAL_KEYS = [...CLICKHOUSE_CREDENTIAL_KEYS, 'LEDGER_DATABASE_URL'] as const;

export const loadScoringConfig = (env: NodeJS.ProcessEnv): ScoringConfig =>
  loadConfig(ScoringConfigSchema, env, { requiredInProduction: SCORING_CREDENTIAL_KEYS });

/** The as-of day the policy gives now: a fixed day, or today in Bangkok (UTC+7, no daylight saving). */
export const asOfPolicy =
  (setting: ScoringConfig['SCORING_AS_OF'], clock: () => Date = () => new Date()): (() => string) =>
  () =>
    setting === 'today' ? bangkokDay(clock().getTime()) : setting;
