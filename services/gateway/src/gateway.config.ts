import { AuthConfigSchema } from '@govmetrics/auth-oidc';
import { CLICKHOUSE_CREDENTIAL_KEYS, ClickHouseConfigSchema } from '@govmetrics/clickhouse';
import { loadConfig, portField, positiveIntField } from '@govmetrics/config';
import { CREDENTIALS_CREDENTIAL_KEYS, CredentialsConfigSchema } from '@govmetrics/credentials';
import { TOPICS } from '@govmetrics/contracts';
import { DEFAULT_LEDGER_LOCATION, LedgerLocationSchema } from '@govmetrics/event-store-adapters';
import { KafkaConfigSchema } from '@govmetrics/kafka';
import { MetricsConfigSchema } from '@govmetrics/metrics';
import { z } from 'zod';

export const GatewayConfigSchema = ClickHouseConfigSchema.extend(KafkaConfigSchema.shape)
  .extend(AuthConfigSchema.shape)
  .extend(MetricsConfigSchema.shape)
  .extend(CredentialsConfigSchema.shape)
  .extend({
    GATEWAY_HOST: z.string().default('127.0.0.1'),
    GATEWAY_PORT: portField(3000),
    KPI_ATTAINMENT_TOPIC: z.string().min(1).default(TOPICS.kpiAttainment),
    AGGREGATES_CHANGED_TOPIC: z.string().min(1).default(TOPICS.aggregatesChanged),
    /** How often an aggregate stream reads the buckets announced since its last read: every announcement within one tick costs one read. */
    GATEWAY_AGGREGATE_TICK_MS: z.coerce.number().int().min(10).default(100),
    /** How often an idle stream sends a heartbeat, so that proxies and clients can tell a quiet stream from a dead one. */
    GATEWAY_HEARTBEAT_MS: z.coerce.number().int().min(1000).default(15_000),
    /** Open event streams (aggregates and attainment together) one client, by remote address, may hold: beyond them 429. */
    GATEWAY_STREAMS_PER_CLIENT: z.coerce.number().int().min(1).default(20),
    /** Open event streams the gateway holds in all: each holds a socket, and each distinct filter a watch. */
    GATEWAY_STREAMS_TOTAL: z.coerce.number().int().min(1).default(1000),
    /** Failed bearer attempts an address earns back per minute, and may make in a row before it is answered 429 (as at the ingest). */
    IP_AUTH_FAILURES_PER_MINUTE: positiveIntField(10),
    IP_AUTH_FAILURE_BURST: positiveIntField(20),
    /** Addresses whose failures are remembered at most (least recently failing forgotten first): memory stays bounded under a spray. */
    IP_AUTH_FAILURE_ADDRESSES: positiveIntField(10_000),
    /** The governance ledger the auditor endpoints read (postgres://… or sqlite:FILE), the scoring service's by default. */
    LEDGER_DATABASE_URL: LedgerLocationSchema.default(DEFAULT_LEDGER_LOCATION),
    /** Whether the gateway takes stewards' writes (catalog import, target revisions, attestations); `off` leaves those routes out. */
    GATEWAY_STEWARD_WRITES: z.enum(['on', 'off']).default('on'),
    /** The ledger the stewards' writes append to, as govmetrics_ledger_writer; unset (local development only): LEDGER_DATABASE_URL. */
    LEDGER_WRITER_URL: LedgerLocationSchema.optional(),
  });

export type GatewayConfig = z.infer<typeof GatewayConfigSchema>;
export const CLICKHOUSE = Symbol('ClickHouseClient');
export const GATEWAY_CONFIG = Symbol('GatewayConfig');
/** The credential store's cached lookups (`CachedCredentials`), which the access guard believes beside the configured tokens. */
export const KEPT_CREDENTIALS = Symbol('CachedCredentials');

/** The gateway reads ClickHouse as a read-only user and the ledger as its reader, and keeps admins' credentials: production names all three. */
export const GATEWAY_CREDENTIAL_KEYS = [...CLICKHOUSE_CREDENTIAL_KEYS, 'LEDGER_DATABASE_URL', ...CREDENTIALS_CREDENTIAL_KEYS] as const;

/** Stewards' writes append as the ledger's writer, never with the readers' URL: production names it while they are on. */
const credentialKeys = (env: NodeJS.ProcessEnv): string[] => [
  ...GATEWAY_CREDENTIAL_KEYS,
  ...(env.GATEWAY_STEWARD_WRITES === 'off' ? [] : ['LEDGER_WRITER_URL']),
];

export const loadGatewayConfig = (env: NodeJS.ProcessEnv): GatewayConfig => loadConfig(GatewayConfigSchema, env, { requiredInProduction: credentialKeys(env) });
