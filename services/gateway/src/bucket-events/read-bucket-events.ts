import type { ClickHouseClient } from '@clickhouse/client';
import { type BucketEventsPosition, queryBucketEvents, querySeries, type StoredEvent } from '@govmetrics/clickhouse';
import type { BucketEvent, BucketEventsAnswer, BucketEventsQuery } from '@govmetrics/contracts';
import { EntityIdSchema } from '@govmetrics/contracts';
import { encodeCursor } from './bucket-cursor';

const isoSeconds = (epochSeconds: number): string => new Date(epochSeconds * 1000).toISOString();

function shown(event: StoredEvent): BucketEvent {
  // Only a pseudonym leaves: whatever else a column holds (an event written around the intake) is not shown.
  const entity = EntityIdSchema.safeParse(event.entity);
  return {
    id: event.id,
    source: event.source,
    time: isoSeconds(event.time),
    value: event.value,
    entity: entity.success ? entity.data : null,
    dimensions: JSON.parse(event.dimensions || '{}') as Record<string, string>,
    partition: event.partition,
    offset: event.offset,
    projectedAt: isoSeconds(event.projectedAt),
  };
}

/**
 * A page of the events behind one daily bucket, with the bucket's value of the statistic as the series reads it.
 * @throws NonFiniteAggregateError when that value is not finite
 */
export async function readBucketEvents(clickhouse: ClickHouseClient, query: BucketEventsQuery, after?: BucketEventsPosition): Promise<BucketEventsAnswer> {
  const { platform, metric, agency, day, statistic, limit } = query;
  const [stored, [bucket]] = await Promise.all([
    queryBucketEvents(clickhouse, { platform, metric, agency, day, after, limit: limit + 1 }),
    querySeries(clickhouse, { platform, metric, statistic, agency, window: 'day', zone: 'Asia/Bangkok', fromDay: day, toDay: day, maxRows: 1 }),
  ]);
  const page = stored.slice(0, limit);
  const last = page.at(-1);
  return {
    platform,
    metric,
    agency,
    day,
    bucket: { statistic, value: bucket?.value ?? null, events: bucket?.events ?? 0 },
    events: page.map(shown),
    nextCursor: stored.length > limit && last !== undefined ? encodeCursor(last) : null,
  };
}
