import type { ClickHouseClient } from '@clickhouse/client';
import { Controller, Get, Inject } from '@nestjs/common';
import type { PipelineHealthAnswer } from '@govmetrics/contracts';
import { CLICKHOUSE, GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { QuarantineFeed } from '../quarantine/quarantine.feed';
import { DeadLetterFeed } from './dead-letter.feed';
import { OPERATIONS_CONFIG, type OperationsConfig } from './operations.config';
import { unavailable } from './pipeline-unavailable';
import { readFreshness } from './read-freshness';
import { readPipelineLag } from './read-pipeline-lag';

const iso = (seconds: number | null): string | null => (seconds === null ? null : new Date(seconds * 1000).toISOString());

@Controller('v1/operations')
export class PipelineHealthHttpController {
  constructor(
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouseClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(OPERATIONS_CONFIG) private readonly operations: OperationsConfig,
    private readonly deadLetters: DeadLetterFeed,
    private readonly quarantine: QuarantineFeed,
  ) {}

  /** The pipeline's health as the gateway sees it, read now: lag per partition, freshness, dead letters and quarantine. */
  @Get('pipeline')
  async pipeline(): Promise<PipelineHealthAnswer> {
    const window = this.operations.PIPELINE_RECENT_WINDOW_SECONDS;
    const [freshness, lag] = await Promise.all([
      readFreshness(this.clickhouse, window).catch(unavailable('clickhouse')),
      readPipelineLag({ ...this.config, ...this.operations }).catch(unavailable('kafka')),
    ]);
    const readAt = Date.now() / 1000;
    const { total, counts } = this.quarantine.page({ limit: 1 });
    return {
      readAt: new Date(readAt * 1000).toISOString(),
      freshness: {
        newestEventTime: iso(freshness.newestEventTime),
        newestProjectedAt: iso(freshness.newestProjectedAt),
        seconds: freshness.newestEventTime === null ? null : Math.max(0, Math.round(readAt - freshness.newestEventTime)),
      },
      intake: {
        projectedEvents: freshness.events,
        recentWindowSeconds: window,
        projectedRecently: freshness.projectedRecently,
        deadLetters: this.deadLetters.tally(),
      },
      quarantine: { total, counts },
      lag,
    };
  }
}
