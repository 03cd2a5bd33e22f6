import { ClickHouseConfigSchema } from '@govmetrics/clickhouse';
import { loadConfig, portField } from '@govmetrics/config';
import { z } from 'zod';

export const GatewayConfigSchema = ClickHouseConfigSchema.extend({
  GATEWAY_HOST: z.string().default('127.0.0.1'),
  GATEWAY_PORT: portField(3000),
});

export type GatewayConfig = z.infer<typeof GatewayConfigSchema>;
export const CLICKHOUSE = Symbol('ClickHouseClient');

export const loadGatewayConfig = (env: NodeJS.ProcessEnv): GatewayConfig => loadConfig(GatewayConfigSchema, env);
