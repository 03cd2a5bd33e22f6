import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { AggregatesChangedMessageController } from './follow-aggregates/aggregates-changed.message.controller';
import { ContinuousScoring } from './follow-aggregates/continuous-scoring';

const RELEASE = Symbol('ReleaseScoringResources');

@Module({})
export class ScoringModule implements OnApplicationShutdown {
  constructor(@Inject(RELEASE) private readonly release: () => Promise<void>) {}

  /** `release` closes what main opened (producer, ClickHouse, ledger) once the consumer has stopped. */
  static forRoot(scoring: ContinuousScoring, release: () => Promise<void>): DynamicModule {
    return {
      module: ScoringModule,
      controllers: [AggregatesChangedMessageController],
      providers: [
        { provide: ContinuousScoring, useValue: scoring },
        { provide: RELEASE, useValue: release },
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.release();
  }
}
