import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { ClickHouseClient } from '@clickhouse/client';
import { insertUsageEvents, toUsageEventRow } from '@govmetrics/clickhouse';
import { UsageEventSchema } from '@govmetrics/contracts';
import type { ConsumedBatch } from '@govmetrics/kafka';
import { CLICKHOUSE } from '../projector.config';

export const USAGE_EVENTS_PATTERN = 'usage-events';

@Controller()
export class UsageEventsMessageController {
  constructor(@Inject(CLICKHOUSE) private readonly clickhouse: ClickHouseClient) {}

  /** Writes one partition's batch to ClickHouse; the transport commits its offsets after this resolves. */
  @EventPattern(USAGE_EVENTS_PATTERN)
  async project(@Payload() batch: ConsumedBatch): Promise<void> {
    const projectedAt = new Date();
    const rows = batch.messages.map((message) => {
      // The accepted topic carries only validated events, so a parse failure is a contract breach: fail loudly.
      const event = UsageEventSchema.parse(JSON.parse(message.value?.toString() ?? 'null'));
      return toUsageEventRow(event, { partition: batch.partition, offset: message.offset }, projectedAt);
    });
    await insertUsageEvents(this.clickhouse, rows);
  }
}
