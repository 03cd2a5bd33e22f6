import type { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import type { ClickHouseConfig } from './clickhouse-config';
import { toClickHouseError } from './clickhouse-errors';

/** A client bound to the configured database, created first when it does not exist. */
export async function connectClickHouse(config: ClickHouseConfig): Promise<ClickHouseClient> {
  // Failures reach callers as ClickHouseError; the client's own log would only print them a second time.
  const base = { url: config.CLICKHOUSE_URL, username: config.CLICKHOUSE_USER, password: config.CLICKHOUSE_PASSWORD, log: { level: ClickHouseLogLevel.OFF }, request_timeout: config.CLICKHOUSE_REQUEST_TIMEOUT_MS };
  const server = createClient(base);
  try {
    await server.command({ query: `CREATE DATABASE IF NOT EXISTS ${config.CLICKHOUSE_DATABASE}` });
  } catch (error) {
    throw toClickHouseError(`create database ${config.CLICKHOUSE_DATABASE}`, error);
  } finally {
    await server.close();
  }
  return createClient({ ...base, database: config.CLICKHOUSE_DATABASE });
}
