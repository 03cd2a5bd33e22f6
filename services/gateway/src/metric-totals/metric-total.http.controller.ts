import { BadRequestException, Controller, Get, Inject, Query } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import { queryMetricTotal } from '@govmetrics/clickhouse';
import { AgencyCodeSchema, MetricNameSchema, PlatformIdSchema, toRejections } from '@govmetrics/contracts';
import { z } from 'zod';
import { CLICKHOUSE } from '../gateway.config';

const day = z.iso.date();

const MetricTotalQuerySchema = z
  .object({
    platform: PlatformIdSchema,
    metric: MetricNameSchema,
    agency: AgencyCodeSchema.optional(),
    from: day.optional(),
    to: day.optional(),
  })
  .strict();

@Controller('v1/aggregates')
export class MetricTotalHttpController {
  constructor(@Inject(CLICKHOUSE) private readonly clickhouse: ClickHouseClient) {}

  /** The total of one metric, optionally for one agency and a range of Bangkok days (inclusive). */
  @Get('total')
  async total(@Query() query: unknown) {
    const parsed = MetricTotalQuerySchema.safeParse(query);
    if (!parsed.success) throw new BadRequestException({ error: 'invalid_query', errors: toRejections(parsed.error) });
    const { platform, metric, agency, from, to } = parsed.data;
    const total = await queryMetricTotal(this.clickhouse, { platform, metric, agency, fromDay: from, toDay: to });
    return { platform, metric, agency: agency ?? null, from: from ?? null, to: to ?? null, ...total };
  }
}
