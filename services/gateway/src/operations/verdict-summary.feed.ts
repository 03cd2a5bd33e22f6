import { Inject, Injectable } from '@nestjs/common';
import { VerdictSummarySchema } from '@govmetrics/contracts';
import { verdictsTopic } from '@govmetrics/kafka';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { type FeedSubscription, TopicFeed } from '../topic-feed';
import { OPERATIONS_CONFIG, type OperationsConfig } from './operations.config';
import { VerdictRates } from './verdict-rates';

/**
 * The HTTP ingest's verdict summaries from the gateway's start on (as the accepted events are), each batch's rejected
 * and duplicate events (or its refusal as a whole, by rule) counted at the time the ingest judged it. Its `accepted` is not counted: the accepted-events
 * topic already counts every acceptance, so nothing is counted twice.
 */
@Injectable()
export class VerdictSummaryFeed extends TopicFeed {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(OPERATIONS_CONFIG) private readonly operations: OperationsConfig,
    private readonly rates: VerdictRates,
  ) {
    super();
  }

  protected subscription(): FeedSubscription {
    const spec = verdictsTopic(this.operations.VERDICTS_TOPIC);
    const take = this.jsonRecords(spec.topic, VerdictSummarySchema, ({ platform, at, duplicates, rejected, refusedBatch }) => {
      const atMs = Date.parse(at);
      if (refusedBatch) this.rates.countRefusedBatch(platform, refusedBatch, atMs);
      this.rates.countMany(platform, 'duplicate', duplicates, atMs);
      this.rates.countMany(
        platform,
        'rejected',
        Object.values(rejected).reduce((sum, n) => sum + n, 0),
        atMs,
      );
    });
    // Its retention is set only when the topic is created (never altered), so the gateway may create it first.
    return { kafka: this.config, spec, groupPrefix: 'gateway-verdict-summaries', from: 'end', take };
  }
}
