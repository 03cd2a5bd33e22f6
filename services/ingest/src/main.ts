import 'reflect-metadata';
import { startTracing } from '@govmetrics/tracing';
import { Logger } from '@nestjs/common';
import { installServiceLogger } from '@govmetrics/lifecycle';
import { createIngestApp } from './ingest.app';
import { loadIngestConfig } from './ingest.config';

const { logger } = installServiceLogger('ingest');

async function main(): Promise<void> {
  // Off unless an OTLP endpoint is configured (docs/operations.md, "Traces"); started before anything it may trace.
  startTracing('ingest', process.env);
  const config = loadIngestConfig(process.env);
  const app = await createIngestApp(config, logger);
  await app.listen(config.INGEST_PORT, config.INGEST_HOST);
  Logger.log(`ingest listening on http://${config.INGEST_HOST}:${config.INGEST_PORT}`, 'Ingest');
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, 'failed to start');
  process.exit(1);
});
