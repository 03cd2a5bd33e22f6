import { BadRequestException, Controller, Get, Inject, Query, UseFilters } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import type { BucketEventsAnswer } from '@govmetrics/contracts';
import { BucketEventsQuerySchema } from '@govmetrics/contracts';
import { CLICKHOUSE } from '../gateway.config';
import { NonFiniteAggregateFilter } from '../metric-totals/non-finite-aggregate.answer';
import { parseQuery } from '../parse-query';
import { decodeCursor } from './bucket-cursor';
import { readBucketEvents } from './read-bucket-events';

@Controller('v1/buckets')
@UseFilters(NonFiniteAggregateFilter)
export class BucketEventsHttpController {
  constructor(@Inject(CLICKHOUSE) private readonly clickhouse: ClickHouseClient) {}

  /** The events behind one (platform, metric, agency, Bangkok day) bucket, `limit` at a time: ids, times, log offsets, pseudonyms. */
  @Get('events')
  async events(@Query() query: unknown): Promise<BucketEventsAnswer> {
    const parsed = parseQuery(BucketEventsQuerySchema, query);
    const after = parsed.cursor === undefined ? undefined : decodeCursor(parsed.cursor);
    if (parsed.cursor !== undefined && after === undefined) {
      const errors = [{ path: '$.cursor', rule: 'invalid_cursor', message: 'cursor is the nextCursor of a previous page, unchanged' }];
      throw new BadRequestException({ error: 'invalid_query', errors });
    }
    return readBucketEvents(this.clickhouse, parsed, after);
  }
}
