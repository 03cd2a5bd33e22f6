import type { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import type { ClickHouseConfig } from './clickhouse-config';
import { toClickHouseError } from './clickhouse-errors';

// Failures reach callers as ClickHouseError; the client's own log would only print them a second time.
const clientOptions = (config: ClickHouseConfig) => ({
  url: config.CLICKHOUSE_URL,
  username: config.CLICKHOUSE_USER,
  password: config.CLICKHOUSE_PASSWORD,
  log: { level: ClickHouseLogLevel.OFF },
  request_timeout: config.CLICKHOUSE_REQUEST_TIMEOUT_MS,
});

/** A client bound to the configured database, created first when it does not exist: for the schema's owner (a DDL user). */
export async function connectClickHouse(config: ClickHouseConfig): Promise<ClickHouseClient> {
  const server = createClient(clientOptions(config));
  try {
    await server.command({ query: `CREATE DATABASE IF NOT EXISTS ${config.CLICKHOUSE_DATABASE}` });
  } catch (error) {
    throw toClickHouseError(`create database ${config.CLICKHOUSE_DATABASE}`, error);
  } finally {
    await server.close();
  }
  return connectClickHouseReader(config);
}

/** A client bound to the configured database that runs no DDL, so a read-only user (`readonly=1`) can hold it. */
export function connectClickHouseReader(config: ClickHouseConfig): ClickHouseClient {
  return createClient({ ...clientOptions(config), database: config.CLICKHOUSE_DATABASE });
}
