import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { httpLogging, installServiceLogger, refuseWhileDraining } from '@govmetrics/lifecycle';
import { GatewayModule } from './app.module';
import { composeGateway } from './gateway.composition';
import { loadGatewayConfig } from './gateway.config';

const { logger, nest } = installServiceLogger('gateway');

async function main(): Promise<void> {
  const config = loadGatewayConfig(process.env);
  const composition = await composeGateway(config);
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(config, composition), new FastifyAdapter(httpLogging(logger)), {
    logger: nest,
  });
  refuseWhileDraining(app);
  app.enableShutdownHooks();
  await app.listen(config.GATEWAY_PORT, config.GATEWAY_HOST);
  Logger.log(`gateway listening on http://${config.GATEWAY_HOST}:${config.GATEWAY_PORT}`, 'Gateway');
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, 'failed to start');
  process.exit(1);
});
