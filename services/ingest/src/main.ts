import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { IngestModule } from './app.module';
import { loadIngestConfig } from './ingest.config';

async function main(): Promise<void> {
  const config = loadIngestConfig(process.env);
  const app = await NestFactory.create<NestFastifyApplication>(
    IngestModule.forRoot(config),
    new FastifyAdapter({ bodyLimit: config.MAX_BATCH_BYTES }),
    { logger: ['error', 'warn', 'log'] },
  );
  app.enableShutdownHooks();
  await app.listen(config.INGEST_PORT, config.INGEST_HOST);
  Logger.log(`ingest listening on http://${config.INGEST_HOST}:${config.INGEST_PORT}`, 'Ingest');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
