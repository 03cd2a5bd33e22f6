import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import { UsageBatchSink } from '@govmetrics/clickhouse';
import type { AggregatesChangedPublisher } from '@govmetrics/kafka';
import { CLICKHOUSE, PROJECTOR_CONFIG, ProjectorConfig } from './projector.config';
import { AGGREGATES_CHANGED, USAGE_BATCH_SINK } from './project-usage-events/project-usage-events.tokens';
import { UsageEventsMessageController } from './project-usage-events/usage-events.message.controller';

@Module({})
export class ProjectorModule implements OnApplicationShutdown {
  constructor(
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouseClient,
    @Inject(AGGREGATES_CHANGED) private readonly announcer: AggregatesChangedPublisher,
  ) {}

  static forRoot(config: ProjectorConfig, clickhouse: ClickHouseClient, announcer: AggregatesChangedPublisher): DynamicModule {
    return {
      module: ProjectorModule,
      controllers: [UsageEventsMessageController],
      providers: [
        { provide: PROJECTOR_CONFIG, useValue: config },
        { provide: CLICKHOUSE, useValue: clickhouse },
        { provide: USAGE_BATCH_SINK, useValue: new UsageBatchSink(clickhouse, { database: config.CLICKHOUSE_DATABASE }) },
        { provide: AGGREGATES_CHANGED, useValue: announcer },
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.announcer.disconnect();
    await this.clickhouse.close();
  }
}
