import 'reflect-metadata';
import { startTracing } from '@govmetrics/tracing';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { signalReady } from '@govmetrics/config';
import { KafkaBatchTransport, KeepRpcErrors } from '@govmetrics/kafka/nest';
import { ProjectorModule } from './app.module';
import { composeProjector } from './projector.composition';
import { loadProjectorConfig } from './projector.config';
import { USAGE_EVENTS_PATTERN } from './project-usage-events/usage-events.message.controller';

async function main(): Promise<void> {
  // Off unless an OTLP endpoint is configured (docs/operations.md, "Traces"); started before anything it may trace.
  startTracing('projector', process.env);
  const config = loadProjectorConfig(process.env);
  const composition = await composeProjector(config);
  const { kafka, quarantine } = composition.adapters;
  const app = await NestFactory.createMicroservice(ProjectorModule.forRoot(config, composition), {
    strategy: new KafkaBatchTransport({
      kafka,
      consumer: {
        groupId: config.PROJECTOR_GROUP_ID,
        sessionTimeout: config.PROJECTOR_SESSION_TIMEOUT_MS,
        maxBytesPerPartition: config.PROJECTOR_BATCH_BYTES,
        maxBytes: config.PROJECTOR_BATCH_BYTES * config.PROJECTOR_PARTITIONS_CONCURRENTLY,
        minBytes: config.PROJECTOR_MIN_BATCH_BYTES,
        maxWaitTimeInMs: config.PROJECTOR_LINGER_MS,
        // Producers may write transactionally; only committed records are ever projected.
        readUncommitted: false,
      },
      partitionsConsumedConcurrently: config.PROJECTOR_PARTITIONS_CONCURRENTLY,
      subscriptions: { [config.USAGE_EVENTS_TOPIC]: USAGE_EVENTS_PATTERN },
      quarantine: { publisher: quarantine, topic: config.QUARANTINE_TOPIC, consumer: 'projector' },
    }),
    logger: ['error', 'warn', 'log'],
  });
  // The transport must see a handler's error as thrown, to tell poison records from a failing server.
  app.useGlobalFilters(new KeepRpcErrors());
  app.enableShutdownHooks();
  await app.listen();
  await signalReady(config);
  Logger.log(`projector consuming ${config.USAGE_EVENTS_TOPIC} as ${config.PROJECTOR_GROUP_ID}`, 'Projector');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
