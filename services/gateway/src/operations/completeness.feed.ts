import { Inject, Injectable } from '@nestjs/common';
import { CompletenessLedger, foldCompletenessRecord } from '@govmetrics/foresight';
import { completenessTopic } from '@govmetrics/kafka';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { type FeedSubscription, TopicFeed } from '../topic-feed';
import { OPERATIONS_CONFIG, type OperationsConfig } from './operations.config';

/**
 * Platforms' completeness declarations, read whole at start and followed from then on, folded into a
 * `CompletenessLedger` (each day declared at its record's broker timestamp) for `GET /v1/operations/completeness`.
 */
@Injectable()
export class CompletenessFeed extends TopicFeed {
  readonly ledger = new CompletenessLedger();

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(OPERATIONS_CONFIG) private readonly operations: OperationsConfig,
  ) {
    super();
  }

  protected subscription(): FeedSubscription {
    const take: FeedSubscription['take'] = (value, message, partition) => {
      const outcome = foldCompletenessRecord(this.ledger, value?.toString('utf8') ?? null, Number(message.timestamp));
      // A platform writes the topic directly: a record that is no declaration declares nothing.
      if (!outcome.folded) this.logger.warn(`completeness record ${partition}:${message.offset} skipped: ${JSON.stringify(outcome.rejections.slice(0, 3))}`);
    };
    // Only its name and partitions: its enforced configs are the ingest's to set (the gateway may not alter them on a secured broker).
    const spec = { topic: this.operations.COMPLETENESS_TOPIC, partitions: completenessTopic(this.operations.COMPLETENESS_TOPIC).partitions };
    return { kafka: this.config, spec, groupPrefix: 'gateway-completeness', from: 'beginning', take };
  }
}
