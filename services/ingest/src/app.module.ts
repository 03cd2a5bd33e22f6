import { DynamicModule, Module } from '@nestjs/common';
import type { Composition } from '@govmetrics/config';
import { releaseProvider, ReleasesOnShutdown, ShutdownState } from '@govmetrics/lifecycle';
import { accessGuardProvider, authenticatorProvider } from './auth/access-guard.provider';
import { DeclareCompletenessHttpController } from './declare-completeness/declare-completeness.http.controller';
import { HealthHttpController } from './health.http.controller';
import type { IngestAdapters } from './ingest.composition';
import { INGEST_CONFIG, IngestConfig } from './ingest.config';
import {
  ACCEPTED_EVENTS,
  API_KEYS,
  COMPLETENESS_PUBLISHER,
  INTAKE_METRICS,
  INTAKE_POLICY,
  KEPT_CREDENTIALS,
  USAGE_EVENT_PUBLISHER,
  VERDICTS_PUBLISHER,
} from './ingest.tokens';
import { IngestReadiness } from './readiness/ingest-readiness';
import { ReadEventRecordHttpController } from './read-event-record/read-event-record.http.controller';
import { RawIntakeService } from './raw-intake/raw-intake.service';
import { RecordUsageEventsHandler } from './record-usage-events/record-usage-events.handler';
import { RecordUsageEventsHttpController } from './record-usage-events/record-usage-events.http.controller';

@Module({})
export class IngestModule extends ReleasesOnShutdown {
  static forRoot(config: IngestConfig, { adapters, release }: Composition<IngestAdapters>): DynamicModule {
    return {
      module: IngestModule,
      controllers: [RecordUsageEventsHttpController, ReadEventRecordHttpController, DeclareCompletenessHttpController, HealthHttpController],
      providers: [
        { provide: INGEST_CONFIG, useValue: config },
        { provide: INTAKE_POLICY, useValue: adapters.policy },
        { provide: API_KEYS, useValue: adapters.apiKeys },
        { provide: KEPT_CREDENTIALS, useValue: adapters.credentials.cached },
        { provide: ACCEPTED_EVENTS, useValue: adapters.acceptedEvents },
        { provide: USAGE_EVENT_PUBLISHER, useValue: adapters.publisher },
        { provide: COMPLETENESS_PUBLISHER, useValue: adapters.completeness },
        { provide: VERDICTS_PUBLISHER, useValue: adapters.verdicts },
        { provide: INTAKE_METRICS, useValue: adapters.metrics.intake },
        releaseProvider(release),
        RecordUsageEventsHandler,
        RawIntakeService,
        IngestReadiness,
        ShutdownState,
        authenticatorProvider,
        accessGuardProvider,
      ],
    };
  }
}
