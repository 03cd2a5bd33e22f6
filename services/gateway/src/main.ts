import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { awaitSchema, connectClickHouseReader, USAGE_MIGRATIONS } from '@govmetrics/clickhouse';
import { openLedgerStore } from '@govmetrics/event-store-adapters';
import { GatewayModule } from './app.module';
import { LedgerSource } from './auditor/ledger-source';
import { loadGatewayConfig } from './gateway.config';

async function main(): Promise<void> {
  const config = loadGatewayConfig(process.env);
  // A read-only user: the projector owns the schema, and the gateway, which may start first, waits for it.
  const clickhouse = connectClickHouseReader(config);
  await awaitSchema(clickhouse, USAGE_MIGRATIONS, { timeoutMs: config.CLICKHOUSE_SCHEMA_WAIT_MS, onWaiting: (reason) => Logger.warn(`waiting for the projector's schema: ${reason}`, 'Gateway') });
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(config, clickhouse, new LedgerSource(config.LEDGER_DATABASE_URL, openLedgerStore)), new FastifyAdapter(), {
    logger: ['error', 'warn', 'log'],
  });
  app.enableShutdownHooks();
  await app.listen(config.GATEWAY_PORT, config.GATEWAY_HOST);
  Logger.log(`gateway listening on http://${config.GATEWAY_HOST}:${config.GATEWAY_PORT}`, 'Gateway');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
