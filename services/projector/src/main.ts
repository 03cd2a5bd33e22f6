import 'reflect-metadata';
import { startTracing } from '@govmetrics/tracing';
import { Logger } from '@nestjs/common';
import { installServiceLogger, startConsumerService } from '@govmetrics/lifecycle';
import { ProjectorModule } from './app.module';
import { composeProjector } from './projector.composition';
import { loadProjectorConfig } from './projector.config';
import { USAGE_EVENTS_PATTERN } from './project-usage-events/usage-events.message.controller';

const { logger: log, nest } = installServiceLogger('projector');

async function main(): Promise<void> {
  // Off unless an OTLP endpoint is configured (docs/operations.md, "Traces"); started before anything it may trace.
  startTracing('projector', process.env);
  const config = loadProjectorConfig(process.env);
  const composition = await composeProjector(config);
  const { kafka, quarantine } = composition.adapters;
  const healthPort = await startConsumerService({
    logger: nest,
    module: ProjectorModule.forRoot(config, composition),
    transport: {
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
    },
    health: { host: config.HEALTH_HOST, port: config.PROJECTOR_HEALTH_PORT, stallMs: config.CONSUMER_STALL_MS },
  });
  Logger.log(`projector consuming ${config.USAGE_EVENTS_TOPIC} as ${config.PROJECTOR_GROUP_ID}; health on ${config.HEALTH_HOST}:${healthPort}`, 'Projector');
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, 'failed to start');
  process.exit(1);
});
