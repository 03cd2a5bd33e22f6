import { Inject, Injectable } from '@nestjs/common';
import { usageEventsTopic } from '@govmetrics/kafka';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { type FeedSubscription, TopicFeed } from '../topic-feed';
import { OPERATIONS_CONFIG, type OperationsConfig } from './operations.config';
import { VerdictRates } from './verdict-rates';

/**
 * The accepted-events topic from the gateway's start on, each record counted as an acceptance of the platform its key
 * names (`platform:agency`), at the record's time (when the ingest's transaction wrote it). Only the key and timestamp
 * are read: the value is never parsed.
 */
@Injectable()
export class AcceptedEventsFeed extends TopicFeed {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(OPERATIONS_CONFIG) private readonly operations: OperationsConfig,
    private readonly rates: VerdictRates,
  ) {
    super();
  }

  protected subscription(): FeedSubscription {
    const take: FeedSubscription['take'] = (_value, message) => {
      const platform = message.key?.toString().split(':')[0] || null;
      this.rates.count(platform, 'accepted', Number(message.timestamp));
    };
    // Only its name and partitions, as for the dead letters: the topic's configs are the ingest's to set.
    const spec = { topic: this.operations.USAGE_EVENTS_TOPIC, partitions: usageEventsTopic(this.operations.USAGE_EVENTS_TOPIC).partitions };
    return { kafka: this.config, spec, groupPrefix: 'gateway-verdicts', from: 'end', take };
  }
}
