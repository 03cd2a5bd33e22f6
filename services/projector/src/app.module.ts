import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { Composition } from '@govmetrics/config';
import { PROJECTOR_CONFIG, ProjectorConfig } from './projector.config';
import type { ProjectorAdapters } from './projector.composition';
import { AGGREGATES_ANNOUNCER, FOLD_OBSERVER, USAGE_BATCH_SINK } from './project-usage-events/project-usage-events.tokens';
import { UsageEventsMessageController } from './project-usage-events/usage-events.message.controller';

const RELEASE = Symbol('ReleaseProjectorAdapters');

@Module({})
export class ProjectorModule implements OnApplicationShutdown {
  constructor(@Inject(RELEASE) private readonly release: () => Promise<void>) {}

  static forRoot(config: ProjectorConfig, { adapters, release }: Composition<ProjectorAdapters>): DynamicModule {
    return {
      module: ProjectorModule,
      controllers: [UsageEventsMessageController],
      providers: [
        { provide: PROJECTOR_CONFIG, useValue: config },
        { provide: USAGE_BATCH_SINK, useValue: adapters.sink },
        { provide: AGGREGATES_ANNOUNCER, useValue: adapters.announcer },
        { provide: FOLD_OBSERVER, useValue: adapters.observer },
        { provide: RELEASE, useValue: release },
      ],
    };
  }

  /** The one shutdown hook: after the consumer stopped, the adapters close in reverse order of opening. */
  async onApplicationShutdown(): Promise<void> {
    await this.release();
  }
}
