import { DynamicModule, Module } from '@nestjs/common';
import type { Composition } from '@govmetrics/config';
import { releaseProvider, ReleasesOnShutdown } from '@govmetrics/lifecycle';
import { PROJECTOR_CONFIG, ProjectorConfig } from './projector.config';
import type { ProjectorAdapters } from './projector.composition';
import { AGGREGATES_ANNOUNCER, FOLD_OBSERVER, USAGE_BATCH_SINK } from './project-usage-events/project-usage-events.tokens';
import { UsageEventsMessageController } from './project-usage-events/usage-events.message.controller';

@Module({})
export class ProjectorModule extends ReleasesOnShutdown {
  static forRoot(config: ProjectorConfig, { adapters, release }: Composition<ProjectorAdapters>): DynamicModule {
    return {
      module: ProjectorModule,
      controllers: [UsageEventsMessageController],
      providers: [
        { provide: PROJECTOR_CONFIG, useValue: config },
        { provide: USAGE_BATCH_SINK, useValue: adapters.sink },
        { provide: AGGREGATES_ANNOUNCER, useValue: adapters.announcer },
        { provide: FOLD_OBSERVER, useValue: adapters.observer },
        releaseProvider(release),
      ],
    };
  }
}
