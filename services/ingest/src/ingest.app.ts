import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { IngestModule } from './app.module';
import type { IngestConfig } from './ingest.config';
import { IngestRefusalFilter } from './record-usage-events/ingest-refusal.filter';

const asText = (_request: unknown, body: string, done: (error: null, body: string) => void) => done(null, body);

/** The ingest Nest application on Fastify, not yet listening: main.ts and the in-process tests share it. */
export async function createIngestApp(config: IngestConfig, logger: false | ('error' | 'warn' | 'log')[] = ['error', 'warn', 'log']): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: config.MAX_BATCH_BYTES });
  // Bodies reach the controller as text so that a malformed batch gets the documented error shape.
  const fastify = adapter.getInstance();
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser(['application/json', 'application/x-ndjson', 'application/ndjson'], { parseAs: 'string' }, asText);
  const app = await NestFactory.create<NestFastifyApplication>(IngestModule.forRoot(config), adapter, { logger, bodyParser: false });
  app.useGlobalFilters(new IngestRefusalFilter(app.getHttpAdapter(), config.MAX_BATCH_BYTES));
  app.enableShutdownHooks();
  return app;
}
