import { type DynamicModule, Module } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import { CLICKHOUSE, GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { CompletenessBoardHttpController } from './completeness-board.http.controller';
import { CompletenessBoardReading } from './completeness-board.reading';
import { CompletenessFeed } from './completeness.feed';
import { DeadLetterFeed } from './dead-letter.feed';
import { DeadLettersHttpController } from './dead-letters.http.controller';
import { loadOperationsConfig, OPERATIONS_CONFIG } from './operations.config';
import { PipelineHealthHttpController } from './pipeline-health.http.controller';
import { PipelineHealthReading } from './pipeline-health.reading';
import { verdictRateFeeds } from './verdict-rate.feeds';
import { VerdictRates } from './verdict-rates';

/**
 * `GET /v1/operations/pipeline`: what the operators' board shows of the pipeline's health (the quarantine module's feed,
 * global, gives its counts; the accepted-events and dead-letter feeds the verdict rates); `GET /v1/dead-letters`: the
 * validator's dead letters, for operators and the platforms that sent them; `GET /v1/operations/completeness`: each
 * platform's declared completeness, gaps and late events.
 */
@Module({})
export class OperationsModule {
  static forRoot(config: GatewayConfig, clickhouse: ClickHouseClient, env: NodeJS.ProcessEnv = process.env): DynamicModule {
    const operations = loadOperationsConfig(env);
    return {
      module: OperationsModule,
      controllers: [PipelineHealthHttpController, DeadLettersHttpController, CompletenessBoardHttpController],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: CLICKHOUSE, useValue: clickhouse },
        { provide: OPERATIONS_CONFIG, useValue: operations },
        { provide: VerdictRates, useValue: new VerdictRates(operations.VERDICT_RATE_MINUTES) },
        DeadLetterFeed,
        ...verdictRateFeeds,
        PipelineHealthReading,
        CompletenessFeed,
        CompletenessBoardReading,
      ],
    };
  }
}
