import { Controller, Get, Inject, Query, UseFilters } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseAggregateReader } from '@govmetrics/clickhouse';
import type { LedgerScorecardsAnswer } from '@govmetrics/contracts';
import { ScorecardsQuerySchema } from '@govmetrics/contracts';
import { scoreFromLedger } from '@govmetrics/ledger';
import { CLICKHOUSE } from '../gateway.config';
import { parseQuery } from '../parse-query';
import { AuditorErrorsFilter } from './auditor-errors.filter';
import { LEDGER_SOURCE, type LedgerSource } from './ledger-source';

/** Auditors: the scorecards as of a past day, from ClickHouse's aggregates and the ledger's catalog in force that day. */
@Controller('v1/scorecards')
@UseFilters(AuditorErrorsFilter)
export class ScorecardsHttpController {
  constructor(
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouseClient,
    @Inject(LEDGER_SOURCE) private readonly ledger: LedgerSource,
  ) {}

  /** What `score --ledger URL --as-of D [--known-at T] --json` prints. */
  @Get()
  async scorecards(@Query() query: unknown): Promise<LedgerScorecardsAnswer> {
    const { catalog, 'as-of': day, 'known-at': knownAt } = parseQuery(ScorecardsQuerySchema, query);
    const entries = await this.ledger.entries();
    return scoreFromLedger(entries, new ClickHouseAggregateReader(this.clickhouse), {
      day,
      catalogId: catalog,
      ...(knownAt ? { knownAt: new Date(knownAt) } : {}),
    });
  }
}
