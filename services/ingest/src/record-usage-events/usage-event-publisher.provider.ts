import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { createKafka, ensureTopics, usageEventsTopic, UsageEventPublisher } from '@govmetrics/kafka';
import { INGEST_CONFIG, IngestConfig } from '../ingest.config';

/** The Kafka publisher as a Nest provider: topic bootstrapped and producer connected before the first request. */
@Injectable()
export class UsageEventPublisherProvider implements OnModuleInit, OnApplicationShutdown {
  readonly publisher: UsageEventPublisher;
  private readonly kafka;

  constructor(@Inject(INGEST_CONFIG) private readonly config: IngestConfig) {
    this.kafka = createKafka(config);
    this.publisher = new UsageEventPublisher(this.kafka, config.USAGE_EVENTS_TOPIC);
  }

  async onModuleInit(): Promise<void> {
    await ensureTopics(this.kafka, [usageEventsTopic(this.config.USAGE_EVENTS_TOPIC)]);
    await this.publisher.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.disconnect();
  }
}
