import { AuthConfigSchema } from '@govmetrics/auth-oidc';
import { loadConfig, portField, positiveIntField } from '@govmetrics/config';
import { CREDENTIALS_CREDENTIAL_KEYS, CredentialsConfigSchema } from '@govmetrics/credentials';
import { INGEST_LIMITS, PlatformIdSchema, TOPICS } from '@govmetrics/contracts';
import { PostgresStartupConfigSchema } from '@govmetrics/event-store-adapters';
import { KafkaConfigSchema, TOPIC_MAX_MESSAGE_BYTES } from '@govmetrics/kafka';
import { MetricsConfigSchema } from '@govmetrics/metrics';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';

/** `platform=key` pairs, comma-separated; a platform may hold several keys (rotation). */
const apiKeysField = z
  .string({ message: 'set INGEST_API_KEYS to platform=key pairs, e.g. gdx=s3cret,mailgothai=0ther' })
  .transform((raw) =>
    raw
      .split(',')
      .map((pair) => pair.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(
        z
          .string()
          .regex(/^[^=]+=.{16,}$/, 'each entry is platform=key with a key of at least 16 characters')
          .transform((pair) => {
            const at = pair.indexOf('=');
            return { platform: pair.slice(0, at), key: pair.slice(at + 1) };
          })
          .pipe(z.object({ platform: PlatformIdSchema, key: z.string() })),
      )
      .min(1),
  );

const booleanField = (fallback: boolean) =>
  z
    .enum(['true', 'false'])
    .default(fallback ? 'true' : 'false')
    .transform((flag) => flag === 'true');

export const IngestConfigSchema = KafkaConfigSchema.extend(AuthConfigSchema.shape)
  .extend(MetricsConfigSchema.shape)
  .extend(CredentialsConfigSchema.shape)
  .extend(PostgresStartupConfigSchema.shape)
  .extend({
    INGEST_HOST: z.string().default('127.0.0.1'),
    INGEST_PORT: portField(3001),
    INGEST_API_KEYS: apiKeysField,
    USAGE_EVENTS_TOPIC: z.string().min(1).default(TOPICS.usageEvents),
    /** Where `POST /v1/completeness` writes platforms' declarations. */
    COMPLETENESS_TOPIC: z.string().min(1).default(TOPICS.completeness),
    /** Where each HTTP batch's verdict summary goes (the gateway's board counts rejections and duplicates from it). */
    VERDICTS_TOPIC: z.string().min(1).default(TOPICS.verdicts),
    MAX_EVENTS_PER_BATCH: positiveIntField(INGEST_LIMITS.maxEventsPerBatch),
    // Half the topics' record-batch limit: a batch re-serialized for Kafka, with its headers, must still fit.
    MAX_BATCH_BYTES: positiveIntField(INGEST_LIMITS.maxBatchBytes).pipe(z.number().max(TOPIC_MAX_MESSAGE_BYTES / 2)),
    /** Events per second per API key, refilled continuously; a batch spends one token per event. */
    RATE_LIMIT_EVENTS_PER_SECOND: positiveIntField(20_000),
    RATE_LIMIT_BURST: positiveIntField(100_000),
    /** Requests per second per remote address, any route and any key (or none), refused before the body is read. */
    IP_RATE_LIMIT_REQUESTS_PER_SECOND: positiveIntField(200),
    IP_RATE_LIMIT_BURST: positiveIntField(1000),
    /** Failed authentications per remote address: once the burst is spent, every request from it is refused until it refills. */
    IP_AUTH_FAILURES_PER_MINUTE: positiveIntField(10),
    IP_AUTH_FAILURE_BURST: positiveIntField(20),
    /** Whole request, headers included, from the first byte; then 408 and the connection closed. */
    INGEST_REQUEST_TIMEOUT_MS: positiveIntField(30_000),
    INGEST_HEADERS_TIMEOUT_MS: positiveIntField(10_000),
    /**
     * How long an idle keep-alive connection stays open between requests. Fastify's 72 s: at 5 s, fetch (undici) reused a
     * connection the server was closing, and a platform's batch failed with "other side closed" after any ~5 s pause.
     */
    INGEST_KEEP_ALIVE_TIMEOUT_MS: positiveIntField(72_000),
    PLATFORM_CATALOG_PATH: z.string().default(resolve(__dirname, '../../../catalogs/platforms.yaml')),
    /** Oldest event time accepted (ISO 8601); unset = the start of the previous Thai fiscal year, as of each judgement. */
    EVENT_TIME_NOT_BEFORE: z.iso.datetime({ offset: true }).optional(),
    EVENT_TIME_MAX_AHEAD_SECONDS: z.coerce.number().int().nonnegative().default(300),
    INGEST_DATABASE_URL: z.string().default('postgres://postgres@127.0.0.1:5432/postgres'),
    INGEST_DATABASE_SCHEMA: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/)
      .default('ingest'),
    INGEST_PRODUCERS: positiveIntField(4),
    INGEST_TRANSACTIONAL_ID_PREFIX: z.string().min(1).optional(),
    RAW_INTAKE_ENABLED: booleanField(true),
    RAW_USAGE_TOPIC: z.string().min(1).default(TOPICS.usageRaw),
    DEAD_LETTER_TOPIC: z.string().min(1).default(TOPICS.usageDlq),
    RAW_INTAKE_GROUP_ID: z.string().min(1).default('ingest-validator'),
  })
  .refine((config) => config.INGEST_HEADERS_TIMEOUT_MS <= config.INGEST_REQUEST_TIMEOUT_MS, {
    path: ['INGEST_HEADERS_TIMEOUT_MS'],
    message: 'the headers are part of the request: INGEST_HEADERS_TIMEOUT_MS must not exceed INGEST_REQUEST_TIMEOUT_MS',
  })
  .transform((config) => ({
    ...config,
    INGEST_TRANSACTIONAL_ID_PREFIX: config.INGEST_TRANSACTIONAL_ID_PREFIX ?? `ingest-${hostname()}-${config.INGEST_PORT}`,
  }));

export type IngestConfig = z.infer<typeof IngestConfigSchema>;
export const INGEST_CONFIG = Symbol('IngestConfig');

/** The claim store's and the credential store's connections: their default superuser URL only suits local development. */
export const INGEST_CREDENTIAL_KEYS = ['INGEST_DATABASE_URL', ...CREDENTIALS_CREDENTIAL_KEYS] as const;

export const loadIngestConfig = (env: NodeJS.ProcessEnv): IngestConfig => loadConfig(IngestConfigSchema, env, { requiredInProduction: INGEST_CREDENTIAL_KEYS });
