import type { ClickHouseClient } from '@clickhouse/client';
import { Inject, Injectable } from '@nestjs/common';
import { bangkokDay, type CompletenessBoard } from '@govmetrics/contracts';
import { completenessBoard } from '@govmetrics/foresight';
import { CLICKHOUSE } from '../gateway.config';
import { CompletenessFeed } from './completeness.feed';
import { OPERATIONS_CONFIG, type OperationsConfig } from './operations.config';
import { unavailable } from './pipeline-unavailable';
import { readObservedUsage } from './read-observed-usage';
import { SharedReading } from './shared-reading';

const DAY_MS = 86_400_000;

async function computeBoard(clickhouse: ClickHouseClient, feed: CompletenessFeed): Promise<CompletenessBoard> {
  const observed = await readObservedUsage(clickhouse, feed.ledger.entries()).catch(unavailable('clickhouse'));
  const readAt = Date.now();
  // Days up to yesterday (Bangkok) can be complete: today has not ended.
  return { readAt: new Date(readAt).toISOString(), statuses: completenessBoard(feed.ledger, observed, bangkokDay(readAt - DAY_MS)) };
}

/**
 * The completeness board, computed at most once per `PIPELINE_READ_INTERVAL_MS` and shared by every request meanwhile,
 * as the pipeline's health is: each computation scans `usage_events`, which boards polling together would multiply.
 */
@Injectable()
export class CompletenessBoardReading extends SharedReading<CompletenessBoard> {
  constructor(@Inject(CLICKHOUSE) clickhouse: ClickHouseClient, @Inject(OPERATIONS_CONFIG) operations: OperationsConfig, feed: CompletenessFeed) {
    super(() => computeBoard(clickhouse, feed), operations.PIPELINE_READ_INTERVAL_MS);
  }
}
