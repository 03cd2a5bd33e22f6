import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { ConsumedBatch } from '@govmetrics/kafka';
import { type AggregatesAnnouncer, decodeLogRecords, touchedBuckets, type UsageBatchSink } from '@govmetrics/projection';
import { inSpan, type Span } from '@govmetrics/tracing';
import { AGGREGATES_ANNOUNCER, FOLD_OBSERVER, type FoldObserver, USAGE_BATCH_SINK } from './project-usage-events.tokens';

export const USAGE_EVENTS_PATTERN = 'usage-events';

/** A batch of late events can touch thousands of days: chunks of ~180 KB (~90 bytes a bucket) stay far below any fetch or message limit. */
const ANNOUNCEMENT_BUCKETS = 2000;

/**
 * Chunks sent per produce request: kafkajs puts one partition's messages in one record batch, which the
 * topic caps at 16 MiB; 32 chunks are ~6 MB, and a default 16 MiB batch of events needs at most ~28.
 */
const ANNOUNCEMENTS_PER_REQUEST = 32;

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

@Controller()
export class UsageEventsMessageController {
  constructor(
    @Inject(USAGE_BATCH_SINK) private readonly sink: UsageBatchSink,
    @Inject(AGGREGATES_ANNOUNCER) private readonly announcer: AggregatesAnnouncer,
    @Inject(FOLD_OBSERVER) private readonly observer: FoldObserver,
  ) {}

  /**
   * Writes one partition's batch exactly once into the read model, then announces the buckets it touched;
   * the transport commits the batch's offsets only after both. Records that cannot be decoded, or whose data
   * ClickHouse refuses, throw poison errors: the transport quarantines them and runs this again on the rest
   * (safe: the fold counts each (source, id) once however often a range is written).
   */
  @EventPattern(USAGE_EVENTS_PATTERN)
  project(@Payload() batch: ConsumedBatch): Promise<void> {
    // The announcements are produced inside the span, so the scoring service's and the gateway's spans continue it.
    return inSpan('projector.fold', { attributes: { 'messaging.batch.message_count': batch.messages.length } }, (span) => this.fold(batch, span));
  }

  private async fold(batch: ConsumedBatch, span: Span): Promise<void> {
    const events = decodeLogRecords(batch.messages, batch.partition);
    const first = batch.messages[0];
    const last = batch.messages[batch.messages.length - 1];
    if (!first || !last) return;
    await this.sink.write({ partition: batch.partition, firstOffset: first.offset, lastOffset: last.offset }, events);
    this.observer.queryable(batch);
    const projectedAt = new Date().toISOString();
    const buckets = touchedBuckets(events);
    span.setAttributes({ 'govmetrics.events': events.length, 'govmetrics.buckets_touched': buckets.length });
    const announcements = chunks(buckets, ANNOUNCEMENT_BUCKETS).map((touched) => ({
      topic: batch.topic,
      partition: batch.partition,
      lastOffset: last.offset,
      touched,
      projectedAt,
    }));
    for (const request of chunks(announcements, ANNOUNCEMENTS_PER_REQUEST)) await this.announcer.publish(...request);
  }
}
