import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createIngestApp } from './ingest.app';
import { loadIngestConfig } from './ingest.config';

async function main(): Promise<void> {
  const config = loadIngestConfig(process.env);
  const app = await createIngestApp(config);
  await app.listen(config.INGEST_PORT, config.INGEST_HOST);
  Logger.log(`ingest listening on http://${config.INGEST_HOST}:${config.INGEST_PORT}`, 'Ingest');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
