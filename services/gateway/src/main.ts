import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { connectClickHouse, migrate, USAGE_MIGRATIONS } from '@govmetrics/clickhouse';
import { openLedgerStore } from '@govmetrics/event-store-adapters';
import { GatewayModule } from './app.module';
import { LedgerSource } from './auditor/ledger-source';
import { loadGatewayConfig } from './gateway.config';

async function main(): Promise<void> {
  const config = loadGatewayConfig(process.env);
  const clickhouse = await connectClickHouse(config);
  // The gateway may start before the projector: it needs the tables to answer "nothing yet" rather than fail.
  await migrate(clickhouse, USAGE_MIGRATIONS);
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
