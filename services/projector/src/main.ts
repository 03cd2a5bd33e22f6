import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { connectClickHouse, migrate, USAGE_MIGRATIONS } from '@govmetrics/clickhouse';
import { createKafka, ensureTopics, KafkaBatchTransport, usageEventsTopic } from '@govmetrics/kafka';
import { ProjectorModule } from './app.module';
import { loadProjectorConfig } from './projector.config';
import { USAGE_EVENTS_PATTERN } from './project-usage-events/usage-events.message.controller';

async function main(): Promise<void> {
  const config = loadProjectorConfig(process.env);
  const clickhouse = await connectClickHouse(config);
  await migrate(clickhouse, USAGE_MIGRATIONS);
  const kafka = createKafka(config);
  await ensureTopics(kafka, [usageEventsTopic(config.USAGE_EVENTS_TOPIC)]);
  const app = await NestFactory.createMicroservice(ProjectorModule.forRoot(config, clickhouse), {
    strategy: new KafkaBatchTransport({
      kafka,
      consumer: { groupId: config.PROJECTOR_GROUP_ID },
      subscriptions: { [config.USAGE_EVENTS_TOPIC]: USAGE_EVENTS_PATTERN },
    }),
    logger: ['error', 'warn', 'log'],
  });
  app.enableShutdownHooks();
  await app.listen();
  Logger.log(`projector consuming ${config.USAGE_EVENTS_TOPIC} as ${config.PROJECTOR_GROUP_ID}`, 'Projector');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
