import { Controller, Inject, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { ConsumedBatch } from '@govmetrics/kafka';
import { inSpan } from '@govmetrics/tracing';
import { ContinuousScoring } from './continuous-scoring';
import { decodeAnnouncements } from './decode-announcements';
import { MalformedAnnouncementsError } from './malformed-announcement.error';

export const AGGREGATES_CHANGED_PATTERN = 'aggregates-changed';

@Controller()
export class AggregatesChangedMessageController {
  constructor(@Inject(ContinuousScoring) private readonly scoring: ContinuousScoring) {}

  /**
   * Rescores after one partition's announcements; the transport commits them once any new snapshot is recorded and
   * published. A record that is not an announcement never holds the partition: the others are scored, then it is
   * thrown as a poison error naming its offsets, which the transport quarantines before it commits.
   */
  @EventPattern(AGGREGATES_CHANGED_PATTERN)
  async rescore(@Payload() batch: ConsumedBatch): Promise<void> {
    const { changes, malformed } = decodeAnnouncements(batch);
    // Snapshots are published inside the span, so the gateway's push continues its trace.
    const attributes = { 'govmetrics.announcements': changes.length };
    if (changes.length > 0) await inSpan('scoring.recompute', { attributes }, () => this.scoring.onAggregatesChanged(changes));
    if (malformed.length === 0) return;
    const error = new MalformedAnnouncementsError(batch.topic, batch.partition, malformed);
    Logger.warn(error.message, 'Scoring');
    throw error;
  }
}
