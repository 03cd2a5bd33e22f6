import 'reflect-metadata';
import { startTracing } from '@govmetrics/tracing';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { httpMetricsHook } from '@govmetrics/metrics';
import { httpLogging, installServiceLogger, refuseWhileDraining } from '@govmetrics/lifecycle';
import { GatewayModule } from './app.module';
import { composeGateway } from './gateway.composition';
import { loadGatewayConfig } from './gateway.config';

const { logger, nest } = installServiceLogger('gateway');

async function main(): Promise<void> {
  // Off unless an OTLP endpoint is configured (docs/operations.md, "Traces"); started before anything it may trace.
  startTracing('gateway', process.env);
  const config = loadGatewayConfig(process.env);
  const composition = await composeGateway(config);
  const adapter = new FastifyAdapter(httpLogging(logger));
  adapter.getInstance().addHook('onResponse', httpMetricsHook(composition.adapters.metrics.registry));
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(config, composition), adapter, {
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
