import type { ClickHouseClient } from '@clickhouse/client';
import { Inject, Injectable } from '@nestjs/common';
import type { PipelineHealthAnswer } from '@govmetrics/contracts';
import { CLICKHOUSE, GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { QuarantineFeed } from '../quarantine/quarantine.feed';
import { DeadLetterFeed } from './dead-letter.feed';
import { OPERATIONS_CONFIG, type OperationsConfig } from './operations.config';
import { unavailable } from './pipeline-unavailable';
import { readFreshness } from './read-freshness';
import { readPipelineLag } from './read-pipeline-lag';
import { SharedReading } from './shared-reading';
import { VerdictRates } from './verdict-rates';

const iso = (seconds: number | null): string | null => (seconds === null ? null : new Date(seconds * 1000).toISOString());

/**
 * The pipeline's health, computed at most once per `PIPELINE_READ_INTERVAL_MS` and shared by every request meanwhile:
 * each computation opens a broker admin connection and scans ClickHouse, which a board per operator polling every few
 * seconds would otherwise multiply.
 */
@Injectable()
export class PipelineHealthReading {
  private readonly shared: SharedReading<PipelineHealthAnswer>;
  /** How many computations ran: what the spec counts to prove sharing. */
  computations = 0;

  constructor(
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouseClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(OPERATIONS_CONFIG) private readonly operations: OperationsConfig,
    private readonly deadLetters: DeadLetterFeed,
    private readonly quarantine: QuarantineFeed,
    private readonly rates: VerdictRates,
  ) {
    this.shared = new SharedReading(() => this.compute(), operations.PIPELINE_READ_INTERVAL_MS);
  }

  read(): Promise<PipelineHealthAnswer> {
    return this.shared.read();
  }

  private async compute(): Promise<PipelineHealthAnswer> {
    this.computations += 1;
    const window = this.operations.PIPELINE_RECENT_WINDOW_SECONDS;
    const [freshness, lag] = await Promise.all([
      readFreshness(this.clickhouse, window).catch(unavailable('clickhouse')),
      readPipelineLag({ ...this.config, ...this.operations }).catch(unavailable('kafka')),
    ]);
    const readAt = Date.now();
    const { total, counts } = this.quarantine.page({ limit: 1 });
    return {
      readAt: new Date(readAt).toISOString(),
      freshness: {
        newestEventTime: iso(freshness.newestEventTime),
        newestProjectedAt: iso(freshness.newestProjectedAt),
        seconds: freshness.newestEventTime === null ? null : Math.max(0, Math.round(readAt / 1000 - freshness.newestEventTime)),
      },
      intake: {
        projectedEvents: freshness.events,
        recentWindowSeconds: window,
        projectedRecently: freshness.projectedRecently,
        deadLetters: this.deadLetters.tally(),
      },
      quarantine: { total, counts },
      verdicts: this.rates.read(readAt),
      lag,
    };
  }
}
