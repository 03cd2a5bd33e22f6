import { DynamicModule, Module } from '@nestjs/common';
import type { Composition } from '@govmetrics/config';
import { releaseProvider, ReleasesOnShutdown, ShutdownState } from '@govmetrics/lifecycle';
import { AdminModule } from './admin/admin.module';
import { AlertsModule } from './alerts/alerts.module';
import { AggregateAnnouncementsFeed } from './aggregate-stream/aggregate-announcements.feed';
import { AggregateStreamHttpController } from './aggregate-stream/aggregate-stream.http.controller';
import { AggregateStreamsProvider, BucketReaderProvider } from './aggregate-stream/aggregate-streams.provider';
import { accessGuardProvider } from './auth/access-guard.provider';
import { AttainmentFeed } from './attainment/attainment.feed';
import { AttainmentHttpController } from './attainment/attainment.http.controller';
import { AuditorModule } from './auditor/auditor.module';
import { ConsoleModule } from './console/console.module';
import type { GatewayAdapters } from './gateway.composition';
import { CLICKHOUSE, GATEWAY_CONFIG, type GatewayConfig, KEPT_CREDENTIALS } from './gateway.config';
import { HealthHttpController } from './health.http.controller';
import { BucketEventsHttpController } from './bucket-events/bucket-events.http.controller';
import { MetricTotalHttpController } from './metric-totals/metric-total.http.controller';
import { SeriesHttpController } from './series/series.http.controller';
import { StreamSlots } from './stream-limits/stream-slots';
import { OperationsModule } from './operations/operations.module';
import { QuarantineModule } from './quarantine/quarantine.module';
import { StewardsModule } from './stewards/stewards.module';
import { loadStreamReplayConfig, STREAM_REPLAY_CONFIG } from './stream-replay/stream-replay.config';
import { StreamEventIds } from './stream-replay/stream-event-ids';

@Module({})
export class GatewayModule extends ReleasesOnShutdown {
  static forRoot(config: GatewayConfig, { adapters, release }: Composition<GatewayAdapters>): DynamicModule {
    const { clickhouse, ledger, ledgerWriter, streams, credentials, metrics } = adapters;
    return {
      module: GatewayModule,
      imports: [
        AuditorModule.forRoot(ledger, clickhouse, process.env, metrics.verified),
        QuarantineModule.forRoot(config),
        OperationsModule.forRoot(config, clickhouse),
        ...(ledgerWriter ? [StewardsModule.forRoot(ledgerWriter)] : []),
        AdminModule.forRoot(credentials.source),
        AlertsModule.forRoot(config, streams, ledger, ledgerWriter),
        ConsoleModule.forRoot(),
      ],
      controllers: [
        MetricTotalHttpController,
        SeriesHttpController,
        BucketEventsHttpController,
        AggregateStreamHttpController,
        AttainmentHttpController,
        HealthHttpController,
      ],
      providers: [
        { provide: CLICKHOUSE, useValue: clickhouse },
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: KEPT_CREDENTIALS, useValue: credentials.cached },
        { provide: StreamSlots, useValue: streams },
        { provide: STREAM_REPLAY_CONFIG, useValue: loadStreamReplayConfig(process.env) },
        { provide: StreamEventIds, useValue: new StreamEventIds() },
        AttainmentFeed,
        AggregateAnnouncementsFeed,
        BucketReaderProvider,
        AggregateStreamsProvider,
        releaseProvider(release),
        ShutdownState,
        accessGuardProvider,
      ],
    };
  }
}
