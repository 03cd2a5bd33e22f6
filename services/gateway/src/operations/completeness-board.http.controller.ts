import type { ClickHouseClient } from '@clickhouse/client';
import { Controller, Get, Inject } from '@nestjs/common';
import { bangkokDay, type CompletenessBoard } from '@govmetrics/contracts';
import { completenessBoard } from '@govmetrics/foresight';
import { CLICKHOUSE } from '../gateway.config';
import { CompletenessFeed } from './completeness.feed';
import { answerUnavailable, unavailable } from './pipeline-unavailable';
import { readObservedUsage } from './read-observed-usage';

const DAY_MS = 86_400_000;

@Controller('v1/operations')
export class CompletenessBoardHttpController {
  constructor(
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouseClient,
    private readonly feed: CompletenessFeed,
  ) {}

  /** Each platform's declared completeness per metric, with its newest event and late events read from the read model now. */
  @Get('completeness')
  async completeness(): Promise<CompletenessBoard> {
    const observed = await readObservedUsage(this.clickhouse, this.feed.ledger.entries()).catch(unavailable('clickhouse')).catch(answerUnavailable);
    const readAt = Date.now();
    // Days up to yesterday (Bangkok) can be complete: today has not ended.
    return { readAt: new Date(readAt).toISOString(), statuses: completenessBoard(this.feed.ledger, observed, bangkokDay(readAt - DAY_MS)) };
  }
}
