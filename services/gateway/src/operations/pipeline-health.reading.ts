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

interface HealthSources {
  clickhouse: ClickHouseClient;
  config: GatewayConfig;
  operations: OperationsConfig;
  deadLetters: DeadLetterFeed;
  quarantine: QuarantineFeed;
  rates: VerdictRates;
}

async function computeHealth({ clickhouse, config, operations, deadLetters, quarantine, rates }: HealthSources): Promise<PipelineHealthAnswer> {
  const window = operations.PIPELINE_RECENT_WINDOW_SECONDS;
  const [freshness, lag] = await Promise.all([
    readFreshness(clickhouse, window).catch(unavailable('clickhouse')),
    readPipelineLag({ ...config, ...operations }).catch(unavailable('kafka')),
  ]);
  const readAt = Date.now();
  const { total, counts } = quarantine.page({ limit: 1 });
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
      deadLetters: deadLetters.tally(),
    },
    quarantine: { total, counts },
    verdicts: rates.read(readAt),
    lag,
  };
}

/**
 * The pipeline's health, computed at most once per `PIPELINE_READ_INTERVAL_MS` and shared by every request meanwhile:
 * each computation opens a broker admin connection and scans ClickHouse, which a board per operator polling every few
 * seconds would otherwise multiply.
 */
@Injectable()
export class PipelineHealthReading extends SharedReading<PipelineHealthAnswer> {
  constructor(
    @Inject(CLICKHOUSE) clickhouse: ClickHouseClient,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    @Inject(OPERATIONS_CONFIG) operations: OperationsConfig,
    deadLetters: DeadLetterFeed,
    quarantine: QuarantineFeed,
    rates: VerdictRates,
  ) {
    super(() => computeHealth({ clickhouse, config, operations, deadLetters, quarantine, rates }), operations.PIPELINE_READ_INTERVAL_MS);
  }
}
