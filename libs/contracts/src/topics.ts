import type { UsageEvent } from './usage-event.schema';

/** Kafka topics that are part of the public contract. */
export const TOPICS = {
  /** Every accepted usage event, forever: the fact stream the read models are rebuilt from. */
  usageEvents: 'usage.events.v1',
  /** Which aggregate buckets a projected batch touched: what the scoring service follows. */
  aggregatesChanged: 'usage.aggregates.changed.v1',
  /** A KPI attainment that changed: one message per new score snapshot. */
  kpiAttainment: 'kpi.attainment.v1',
} as const;

/** Partition key: keeps one platform's events for one agency in order on one partition. */
export const usageEventKey = (event: UsageEvent): string => `${event.data.platform}:${event.data.agency}`;
