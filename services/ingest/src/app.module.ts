import { DynamicModule, Module } from '@nestjs/common';
import { INGEST_CONFIG, IngestConfig } from './ingest.config';
import { RecordUsageEventsHttpController } from './record-usage-events/record-usage-events.http.controller';
import { UsageEventPublisherProvider } from './record-usage-events/usage-event-publisher.provider';
import { HealthHttpController } from './health.http.controller';

@Module({})
export class IngestModule {
  static forRoot(config: IngestConfig): DynamicModule {
    return {
      module: IngestModule,
      controllers: [RecordUsageEventsHttpController, HealthHttpController],
      providers: [{ provide: INGEST_CONFIG, useValue: config }, UsageEventPublisherProvider],
    };
  }
}
