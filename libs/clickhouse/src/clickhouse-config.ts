import { z } from 'zod';

/** Environment keys every ClickHouse-speaking service shares. */
export const ClickHouseConfigSchema = z.object({
  CLICKHOUSE_URL: z.url().default('http://127.0.0.1:8123'),
  CLICKHOUSE_USER: z.string().default('default'),
  CLICKHOUSE_PASSWORD: z.string().default(''),
  CLICKHOUSE_DATABASE: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a plain identifier').default('govmetrics'),
});

export type ClickHouseConfig = z.infer<typeof ClickHouseConfigSchema>;
