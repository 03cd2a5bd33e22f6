import { Controller, Get, Inject, Query, UseFilters } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import { queryMetricTotal } from '@govmetrics/clickhouse';
import type { MetricTotalAnswer } from '@govmetrics/contracts';
import { MetricTotalQuerySchema } from '@govmetrics/contracts';
import { CLICKHOUSE } from '../gateway.config';
import { parseQuery } from '../parse-query';
import { NonFiniteAggregateFilter } from './non-finite-aggregate.answer';

@Controller('v1/aggregates')
@UseFilters(NonFiniteAggregateFilter)
export class MetricTotalHttpController {
  constructor(@Inject(CLICKHOUSE) private readonly clickhouse: ClickHouseClient) {}

  /** The total of one metric, optionally for one agency and a range of Bangkok days (inclusive); 500 `non_finite_aggregate` when it overflowed. */
  @Get('total')
  async total(@Query() query: unknown): Promise<MetricTotalAnswer> {
    const { platform, metric, agency, from, to } = parseQuery(MetricTotalQuerySchema, query);
    const total = await queryMetricTotal(this.clickhouse, { platform, metric, agency, fromDay: from, toDay: to });
    return { platform, metric, agency: agency ?? null, from: from ?? null, to: to ?? null, ...total };
  }
}
