import { Inject, Injectable } from '@nestjs/common';
import { DLQ_HEADERS } from '@govmetrics/contracts';
import { usageDeadLetterTopic } from '@govmetrics/kafka';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { type FeedSubscription, TopicFeed } from '../topic-feed';
import { OPERATIONS_CONFIG, type OperationsConfig } from './operations.config';

type Headers = Parameters<FeedSubscription['take']>[1]['headers'];

const ruleOf = (headers: Headers): string => {
  const rule = headers?.[DLQ_HEADERS.rule];
  const value = Array.isArray(rule) ? rule[0] : rule;
  return value === undefined ? 'unknown' : value.toString();
};

/**
 * The dead-letter topic counted per first rule broken: read whole at start and followed from then on. Counting records,
 * not offsets: the validator writes the topic in transactions, whose markers take offsets too.
 */
@Injectable()
export class DeadLetterFeed extends TopicFeed {
  private readonly counts = new Map<string, number>();

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(OPERATIONS_CONFIG) private readonly operations: OperationsConfig,
  ) {
    super();
  }

  protected subscription(): FeedSubscription {
    const take: FeedSubscription['take'] = (_value, message) => {
      const rule = ruleOf(message.headers);
      this.counts.set(rule, (this.counts.get(rule) ?? 0) + 1);
    };
    // Only its name and partitions: its enforced configs are the ingest's to set (the gateway may not alter them on a secured broker).
    const spec = { topic: this.operations.DEAD_LETTER_TOPIC, partitions: usageDeadLetterTopic(this.operations.DEAD_LETTER_TOPIC).partitions };
    return { kafka: this.config, spec, groupPrefix: 'gateway-dead-letters', from: 'beginning', take };
  }

  tally(): { total: number; counts: Record<string, number> } {
    const counts = Object.fromEntries(this.counts);
    return { total: Object.values(counts).reduce((sum, count) => sum + count, 0), counts };
  }
}
