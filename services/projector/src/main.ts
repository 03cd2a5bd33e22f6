import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { connectClickHouse, migrate, USAGE_MIGRATIONS, UsageBatchSink } from '@govmetrics/clickhouse';
import { AggregatesChangedPublisher, aggregatesChangedTopic, createKafka, ensureTopics, quarantineTopic, RecordPublisher, usageEventsTopic, whenKafkaReady } from '@govmetrics/kafka';
import { KafkaBatchTransport, KeepRpcErrors } from '@govmetrics/kafka/nest';
import { ProjectorModule } from './app.module';
import { loadProjectorConfig } from './projector.config';
import { USAGE_EVENTS_PATTERN } from './project-usage-events/usage-events.message.controller';

async function main(): Promise<void> {
  const config = loadProjectorConfig(process.env);
  const clickhouse = await connectClickHouse(config);
  await migrate(clickhouse, USAGE_MIGRATIONS);
  await new UsageBatchSink(clickhouse, { database: config.CLICKHOUSE_DATABASE }).dropStagedBefore(new Date());
  const kafka = createKafka(config);
  const topics = [usageEventsTopic(config.USAGE_EVENTS_TOPIC), aggregatesChangedTopic(config.AGGREGATES_CHANGED_TOPIC), quarantineTopic(config.QUARANTINE_TOPIC)];
  await whenKafkaReady(() => ensureTopics(kafka, topics), config.KAFKA_STARTUP_WAIT_MS, (line) => Logger.warn(line, 'Projector'));
  const announcer = new AggregatesChangedPublisher(kafka, config.AGGREGATES_CHANGED_TOPIC);
  await announcer.connect();
  const quarantine = new RecordPublisher(kafka);
  await quarantine.connect();
  const app = await NestFactory.createMicroservice(ProjectorModule.forRoot(config, clickhouse, announcer), {
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
  Logger.log(`projector consuming ${config.USAGE_EVENTS_TOPIC} as ${config.PROJECTOR_GROUP_ID}`, 'Projector');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
