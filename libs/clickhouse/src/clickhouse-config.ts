import { z } from 'zod';

/** Environment keys every ClickHouse-speaking service shares. */
export const ClickHouseConfigSchema = z.object({
  CLICKHOUSE_URL: z.url().default('http://127.0.0.1:8123'),
  CLICKHOUSE_USER: z.string().default('default'),
  CLICKHOUSE_PASSWORD: z.string().default(''),
  /** A fold of a large batch on a busy server can take a while; a timed-out fold is retried safely. */
  CLICKHOUSE_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(120_000),
  /** How long a service whose user may not run DDL (gateway, scoring) waits at start for the projector's schema. */
  CLICKHOUSE_SCHEMA_WAIT_MS: z.coerce.number().int().nonnegative().default(120_000),
  CLICKHOUSE_DATABASE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a plain identifier')
    .default('govmetrics'),
  /** Cluster mode (docs/cluster.md) when set: the `remote_servers` cluster the Distributed read tables span. */
  CLICKHOUSE_CLUSTER: z
    .string()
    .regex(/^([A-Za-z_][A-Za-z0-9_]*)?$/, 'must be a plain identifier')
    .default(''),
  /** Cluster mode: every server's HTTP URL, shards separated by `;`, a shard's replicas by `,` (Kafka partition p folds on shard p mod count). */
  CLICKHOUSE_SHARD_URLS: z
    .string()
    .default('')
    .transform((raw) =>
      raw
        .split(';')
        .map((shard) =>
          shard
            .split(',')
            .map((url) => url.trim())
            .filter(Boolean),
        )
        .filter((shard) => shard.length > 0),
    )
    .pipe(z.array(z.array(z.url()).min(1))),
});

export type ClickHouseConfig = z.infer<typeof ClickHouseConfigSchema>;

/** What production mode requires set: the defaults, `default` without a password, only suit local development. */
export const CLICKHOUSE_CREDENTIAL_KEYS = ['CLICKHOUSE_USER', 'CLICKHOUSE_PASSWORD'] as const;
