import { BadRequestException, Controller, Get, Inject, Query, UseFilters } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseAggregateReader } from '@govmetrics/clickhouse';
import type { ForecastsAnswer } from '@govmetrics/contracts';
import { ForecastsQuerySchema } from '@govmetrics/contracts';
import { DEFAULT_FORECAST_METHOD, forecastCatalog } from '@govmetrics/foresight';
import { catalogInForce } from '@govmetrics/ledger';
import { periodDays } from '@govmetrics/scoring';
import { CLICKHOUSE } from '../gateway.config';
import { parseQuery } from '../parse-query';
import { AuditorErrorsFilter } from './auditor-errors.filter';
import { LEDGER_SOURCE, type LedgerSource } from './ledger-source';

/** Operators and auditors: the period-end forecast as of a day, from ClickHouse's aggregates and the ledger's catalog in force that day. */
@Controller('v1/forecasts')
@UseFilters(AuditorErrorsFilter)
export class ForecastsHttpController {
  constructor(
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouseClient,
    @Inject(LEDGER_SOURCE) private readonly ledger: LedgerSource,
  ) {}

  /** What `forecast at --ledger URL --as-of D` prints, by the default method: the one forecast alert rules judge. */
  @Get()
  async forecasts(@Query() query: unknown): Promise<ForecastsAnswer> {
    const { catalog: catalogId, 'as-of': day, 'known-at': knownAt } = parseQuery(ForecastsQuerySchema, query);
    const { catalog, attestations, version } = catalogInForce(await this.ledger.entries(), {
      day,
      catalogId,
      ...(knownAt ? { knownAt: new Date(knownAt) } : {}),
    });
    const { fromDay, toDay } = periodDays(catalog.period);
    if (day < fromDay || day > toDay) {
      const message = `the forecast day must be a day of ${catalog.id}'s period, ${fromDay}..${toDay}`;
      throw new BadRequestException({ error: 'invalid_query', errors: [{ path: '$.as-of', rule: 'outside_period', message }] });
    }
    const reader = new ClickHouseAggregateReader(this.clickhouse);
    return { ...(await forecastCatalog(catalog, { reader, attestations }, day, DEFAULT_FORECAST_METHOD)), catalogVersion: version };
  }
}
