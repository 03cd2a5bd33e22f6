import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { AggregatesChangedSchema, issuePath } from '@govmetrics/contracts';
import type { ConsumedBatch } from '@govmetrics/kafka';
import { ContinuousScoring } from './continuous-scoring';

export const AGGREGATES_CHANGED_PATTERN = 'aggregates-changed';

@Controller()
export class AggregatesChangedMessageController {
  constructor(@Inject(ContinuousScoring) private readonly scoring: ContinuousScoring) {}

  /** Rescores after one partition's announcements; the transport commits them only once any new snapshot is recorded and published. */
  @EventPattern(AGGREGATES_CHANGED_PATTERN)
  async rescore(@Payload() batch: ConsumedBatch): Promise<void> {
    const changes = batch.messages.map((message) => {
      const parsed = AggregatesChangedSchema.safeParse(JSON.parse(message.value?.toString() ?? 'null'));
      // Only the projector writes this topic, so a message off contract is a bug upstream: stop rather than skip it.
      if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => `${issuePath(issue.path)}: ${issue.message}`).join('; ');
        throw new Error(`${batch.topic}[${batch.partition}]@${message.offset} is not an AggregatesChanged message: ${problems}`);
      }
      return parsed.data;
    });
    await this.scoring.onAggregatesChanged(changes);
  }
}
