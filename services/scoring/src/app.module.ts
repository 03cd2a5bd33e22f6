import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { Composition } from '@govmetrics/config';
import { AggregatesChangedMessageController } from './follow-aggregates/aggregates-changed.message.controller';
import { ContinuousScoring } from './follow-aggregates/continuous-scoring';
import type { ScoringAdapters } from './scoring.composition';
import { SCORING_CONFIG, type ScoringConfig } from './scoring.config';

const RELEASE = Symbol('ReleaseScoringAdapters');

@Module({})
export class ScoringModule implements OnApplicationShutdown {
  constructor(@Inject(RELEASE) private readonly release: () => Promise<void>) {}

  /** Takes only what the module provides: the scoring the controller drives, and how to release the whole composition. */
  static forRoot(config: ScoringConfig, { adapters, release }: Composition<Pick<ScoringAdapters, 'scoring'>>): DynamicModule {
    return {
      module: ScoringModule,
      controllers: [AggregatesChangedMessageController],
      providers: [
        { provide: SCORING_CONFIG, useValue: config },
        { provide: ContinuousScoring, useValue: adapters.scoring },
        { provide: RELEASE, useValue: release },
      ],
    };
  }

  /** The one shutdown hook: after the consumer stopped, the adapters close in reverse order of opening. */
  async onApplicationShutdown(): Promise<void> {
    await this.release();
  }
}
