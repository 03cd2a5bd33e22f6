import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import { CLICKHOUSE } from './gateway.config';
import { HealthHttpController } from './health.http.controller';
import { MetricTotalHttpController } from './metric-totals/metric-total.http.controller';

@Module({})
export class GatewayModule implements OnApplicationShutdown {
  constructor(@Inject(CLICKHOUSE) private readonly clickhouse: ClickHouseClient) {}

  static forRoot(clickhouse: ClickHouseClient): DynamicModule {
    return {
      module: GatewayModule,
      controllers: [MetricTotalHttpController, HealthHttpController],
      providers: [{ provide: CLICKHOUSE, useValue: clickhouse }],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.clickhouse.close();
  }
}
