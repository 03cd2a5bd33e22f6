import { Controller, Get, Headers, Inject, Query, Res, UseFilters } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import type { SeriesAnswer } from '@govmetrics/contracts';
import { SeriesQuerySchema } from '@govmetrics/contracts';
import { CLICKHOUSE } from '../gateway.config';
import { NonFiniteAggregateFilter } from '../metric-totals/non-finite-aggregate.answer';
import { parseQuery } from '../parse-query';
import { QueryTooLargeFilter } from './query-too-large';
import { readSeries } from './read-series';
import { exportSeries, formatOf } from './series-export';

interface Reply {
  header(name: string, value: string): unknown;
}

@Controller('v1/series')
@UseFilters(NonFiniteAggregateFilter, QueryTooLargeFilter)
export class SeriesHttpController {
  constructor(@Inject(CLICKHOUSE) private readonly clickhouse: ClickHouseClient) {}

  /**
   * One metric's statistic per hour, day, week, month, quarter or Thai fiscal year of a zone's calendar, optionally per
   * agency or dimension value and only the top N; as JSON, or CSV / NDJSON with a sha256 trailer (`format=` or Accept).
   */
  @Get()
  async series(
    @Query() query: unknown,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<SeriesAnswer | string> {
    const parsed = parseQuery(SeriesQuerySchema, query);
    const answer = await readSeries(this.clickhouse, parsed);
    const format = formatOf(parsed.format, accept);
    if (format === 'json') return answer;
    const file = exportSeries(answer, format);
    reply.header('content-type', file.contentType);
    reply.header('content-disposition', `attachment; filename="${file.filename}"`);
    reply.header('x-content-sha256', file.sha256);
    return file.body;
  }
}
