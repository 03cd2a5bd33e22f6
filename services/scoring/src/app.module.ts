import { DynamicModule, Module } from '@nestjs/common';
import type { Composition } from '@govmetrics/config';
import { releaseProvider, ReleasesOnShutdown } from '@govmetrics/lifecycle';
import { AggregatesChangedMessageController } from './follow-aggregates/aggregates-changed.message.controller';
import { ContinuousScoring } from './follow-aggregates/continuous-scoring';
import type { ScoringAdapters } from './scoring.composition';
import { SCORING_CONFIG, type ScoringConfig } from './scoring.config';

@Module({})
export class ScoringModule extends ReleasesOnShutdown {
  /** Takes only what the module provides: the scoring the controller drives, and how to release the whole composition. */
  static forRoot(config: ScoringConfig, { adapters, release }: Composition<Pick<ScoringAdapters, 'scoring'>>): DynamicModule {
    return {
      module: ScoringModule,
      controllers: [AggregatesChangedMessageController],
      providers: [{ provide: SCORING_CONFIG, useValue: config }, { provide: ContinuousScoring, useValue: adapters.scoring }, releaseProvider(release)],
    };
  }
}
