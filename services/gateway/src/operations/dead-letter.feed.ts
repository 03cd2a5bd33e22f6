import { Inject, Injectable } from '@nestjs/common';
import type { DeadLetterAnswer, DeadLetterQuery } from '@govmetrics/contracts';
import { DeadLetterLog, toDeadLetterEntry, usageDeadLetterTopic } from '@govmetrics/kafka';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { type FeedSubscription, TopicFeed } from '../topic-feed';
import { OPERATIONS_CONFIG, type OperationsConfig } from './operations.config';
import { VerdictRates } from './verdict-rates';

/**
 * The raw-intake validator's dead-letter topic, read whole at start and followed from then on, folded into a
 * `DeadLetterLog`: counts per platform and first rule, and each platform's newest records for `GET /v1/dead-letters`;
 * and each counted as a rejection in the board's verdict rates, at the time the validator dead-lettered it.
 */
@Injectable()
export class DeadLetterFeed extends TopicFeed {
  private readonly log: DeadLetterLog;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(OPERATIONS_CONFIG) private readonly operations: OperationsConfig,
    private readonly rates: VerdictRates,
  ) {
    super();
    this.log = new DeadLetterLog(operations.DEAD_LETTERS_KEPT_PER_PLATFORM);
  }

  protected subscription(): FeedSubscription {
    const take: FeedSubscription['take'] = (_value, message, partition) => {
      const entry = toDeadLetterEntry(message, partition);
      this.log.accept(entry);
      this.rates.count(entry.platform, 'rejected', Date.parse(entry.time));
    };
    // Only its name and partitions: its enforced configs are the ingest's to set (the gateway may not alter them on a secured broker).
    const spec = { topic: this.operations.DEAD_LETTER_TOPIC, partitions: usageDeadLetterTopic(this.operations.DEAD_LETTER_TOPIC).partitions };
    return { kafka: this.config, spec, groupPrefix: 'gateway-dead-letters', from: 'beginning', take };
  }

  page(query: DeadLetterQuery): DeadLetterAnswer {
    return this.log.page(query);
  }

  /** Every dead letter counted per first rule, of every platform: the operations board's figure. */
  tally(): { total: number; counts: Record<string, number> } {
    return this.log.tally();
  }
}
