import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import { AttainmentFeed } from './attainment/attainment.feed';
import { CLICKHOUSE } from './gateway.config';

@Controller('health')
export class HealthHttpController {
  constructor(
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouseClient,
    private readonly feed: AttainmentFeed,
  ) {}

  /** Ready when ClickHouse answers (every aggregate query needs it); says how many scorecards the attainment board holds. */
  @Get()
  async health(): Promise<{ status: 'ok'; scorecards: number }> {
    const ping = await this.clickhouse.ping();
    if (!ping.success) throw new ServiceUnavailableException({ error: 'clickhouse_unavailable', message: String(ping.error) });
    return { status: 'ok', scorecards: this.feed.current().length };
  }
}
