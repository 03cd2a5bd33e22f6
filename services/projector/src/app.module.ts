import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import { CLICKHOUSE, PROJECTOR_CONFIG, ProjectorConfig } from './projector.config';
import { UsageEventsMessageController } from './project-usage-events/usage-events.message.controller';

@Module({})
export class ProjectorModule implements OnApplicationShutdown {
  constructor(@Inject(CLICKHOUSE) private readonly clickhouse: ClickHouseClient) {}

  static forRoot(config: ProjectorConfig, clickhouse: ClickHouseClient): DynamicModule {
    return {
      module: ProjectorModule,
      controllers: [UsageEventsMessageController],
      providers: [
        { provide: PROJECTOR_CONFIG, useValue: config },
        { provide: CLICKHOUSE, useValue: clickhouse },
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.clickhouse.close();
  }
}
