import { DynamicModule, Module } from '@nestjs/common';
import { accessGuardProvider, authenticatorProvider } from './auth/access-guard.provider';
import { HealthHttpController } from './health.http.controller';
import { INGEST_CONFIG, IngestConfig } from './ingest.config';
import { acceptedEventsProvider, apiKeysProvider, intakePolicyProvider, publisherProvider } from './ingest.providers';
import { IngestShutdown } from './ingest-shutdown';
import { IngestReadiness } from './readiness/ingest-readiness';
import { RawIntakeService } from './raw-intake/raw-intake.service';
import { RecordUsageEventsHandler } from './record-usage-events/record-usage-events.handler';
import { RecordUsageEventsHttpController } from './record-usage-events/record-usage-events.http.controller';

@Module({})
export class IngestModule {
  static forRoot(config: IngestConfig): DynamicModule {
    return {
      module: IngestModule,
      controllers: [RecordUsageEventsHttpController, HealthHttpController],
      providers: [
        { provide: INGEST_CONFIG, useValue: config },
        intakePolicyProvider,
        apiKeysProvider,
        acceptedEventsProvider,
        publisherProvider,
        RecordUsageEventsHandler,
        RawIntakeService,
        IngestShutdown,
        IngestReadiness,
        authenticatorProvider,
        accessGuardProvider,
      ],
    };
  }
}
