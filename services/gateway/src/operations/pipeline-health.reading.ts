import type { ClickHouseClient } from '@clickhouse/client';
import { Inject, Injectable } from '@nestjs/common';
import type { PipelineHealthAnswer, PipelineUnavailable } from '@govmetrics/contracts';
import { CLICKHOUSE, GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { QuarantineFeed } from '../quarantine/quarantine.feed';
import { DeadLetterFeed } from './dead-letter.feed';
import { OPERATIONS_CONFIG, type OperationsConfig } from './operations.config';
import { readFreshness } from './read-freshness';
import { readPipelineLag } from './read-pipeline-lag';
import { SharedReading } from './shared-reading';
import { VerdictRates } from './verdict-rates';

/** A source of the pipeline's figures that could not be read, keeping the adapter's typed error as its cause. */
export class PipelineSourceUnavailable extends Error {
  constructor(
    readonly source: PipelineUnavailable['source'],
    options: { cause: unknown },
  ) {
    super(options.cause instanceof Error ? options.cause.message : String(options.cause), options);
    this.name = 'PipelineSourceUnavailable';
  }
}

const iso = (seconds: number | null): string | null => (seconds === null ? null : new Date(seconds * 1000).toISOString());

const from =
  (source: PipelineUnavailable['source']) =>
  (cause: unknown): never => {
    throw new PipelineSourceUnavailable(source, { cause });
  };

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
      readFreshness(this.clickhouse, window).catch(from('clickhouse')),
      readPipelineLag({ ...this.config, ...this.operations }).catch(from('kafka')),
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
