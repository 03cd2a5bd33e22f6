import { Controller, Inject, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { ConsumedBatch } from '@govmetrics/kafka';
import { ContinuousScoring } from './continuous-scoring';
import { decodeAnnouncements } from './decode-announcements';
import { MalformedAnnouncementsError } from './malformed-announcement.error';

export const AGGREGATES_CHANGED_PATTERN = 'aggregates-changed';

/** Records judged malformed that this process remembers, so a redelivered batch skips them; bounded, oldest forgotten first. */
const REMEMBERED_MAX = 10_000;

@Controller()
export class AggregatesChangedMessageController {
  /** `topic[partition]@offset` of every malformed record seen: a redelivery skips them. */
  private readonly judged = new Set<string>();
  private skippedSoFar = 0;

  constructor(@Inject(ContinuousScoring) private readonly scoring: ContinuousScoring) {}

  /**
   * Rescores after one partition's announcements; the transport commits them once any new snapshot is recorded and
   * published. A record that is not an announcement never holds the partition: the others are scored, then it is
   * thrown as a poison error (for the transport to quarantine); should the batch come again anyway, it is skipped.
   */
  @EventPattern(AGGREGATES_CHANGED_PATTERN)
  async rescore(@Payload() batch: ConsumedBatch): Promise<void> {
    const { changes, malformed } = decodeAnnouncements(batch);
    if (changes.length > 0) await this.scoring.onAggregatesChanged(changes);
    const where = (offset: string) => `${batch.topic}[${batch.partition}]@${offset}`;
    const fresh = malformed.filter(({ offset }) => !this.judged.has(where(offset)));
    this.skippedSoFar += malformed.length - fresh.length;
    if (fresh.length === 0) return;
    for (const { offset } of fresh) this.remember(where(offset));
    const error = new MalformedAnnouncementsError(batch.topic, batch.partition, fresh);
    Logger.warn(`${error.message} (skipped so far: ${this.skippedSoFar})`, 'Scoring');
    throw error;
  }

  /** Malformed records skipped on redelivery: visible in the log, never silent. */
  get skipped(): number {
    return this.skippedSoFar;
  }

  private remember(record: string): void {
    this.judged.add(record);
    const oldest = this.judged.values().next();
    if (this.judged.size > REMEMBERED_MAX && !oldest.done) this.judged.delete(oldest.value);
  }
}
