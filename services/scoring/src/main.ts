import 'reflect-metadata';
import { startTracing } from '@govmetrics/tracing';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { signalReady } from '@govmetrics/config';
import { KafkaBatchTransport, KeepRpcErrors } from '@govmetrics/kafka/nest';
import { ScoringModule } from './app.module';
import { AGGREGATES_CHANGED_PATTERN } from './follow-aggregates/aggregates-changed.message.controller';
import { loadHeadsPublisherConfig } from './publish-heads/heads.config';
import { composeScoring } from './scoring.composition';
import { loadScoringConfig } from './scoring.config';

async function main(): Promise<void> {
  // Off unless an OTLP endpoint is configured (docs/operations.md, "Traces"); started before anything it may trace.
  startTracing('scoring', process.env);
  const config = loadScoringConfig(process.env);
  const headsConfig = loadHeadsPublisherConfig(process.env);
  const logger = new Logger('Scoring');
  const composition = await composeScoring(config, headsConfig);
  const { kafka, quarantine, following } = composition.adapters;
  // If following the ledger fails, the process exits and a restart scores the change (the ledger keeps it),
  // rather than leaving scores stale until the next usage.
  following.ended.catch((error: unknown) => {
    logger.error(`following the ledger's catalog failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
  const app = await NestFactory.createMicroservice(ScoringModule.forRoot(config, composition), {
    strategy: new KafkaBatchTransport({
      kafka,
      consumer: { groupId: config.SCORING_GROUP_ID },
      subscriptions: { [config.AGGREGATES_CHANGED_TOPIC]: AGGREGATES_CHANGED_PATTERN },
      quarantine: { publisher: quarantine, topic: config.QUARANTINE_TOPIC, consumer: 'scoring' },
    }),
    logger: ['error', 'warn', 'log'],
  });
  // The transport must see a handler's error as thrown, to tell a malformed announcement from a failing server.
  app.useGlobalFilters(new KeepRpcErrors());
  app.enableShutdownHooks();
  await app.listen();
  await signalReady(config);
  logger.log(`scoring consuming ${config.AGGREGATES_CHANGED_TOPIC} as ${config.SCORING_GROUP_ID}, publishing ${config.KPI_ATTAINMENT_TOPIC}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
