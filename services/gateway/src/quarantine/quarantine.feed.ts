import { Inject, Injectable } from '@nestjs/common';
import type { QuarantineAnswer, QuarantineQuery } from '@govmetrics/contracts';
import { QuarantineLog, quarantineTopic, toQuarantineEntry } from '@govmetrics/kafka';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { type FeedSubscription, TopicFeed } from '../topic-feed';
import { QUARANTINE_VIEW_CONFIG, type QuarantineViewConfig } from './quarantine.config';

/**
 * The gateway's view of the quarantine topic: read whole at start and followed from then on, folded into a
 * `QuarantineLog`, so a page costs no Kafka round trip (a consumer group join per request would take seconds).
 * The gateway may start before any consumer created the topic: it then shows an empty quarantine.
 */
@Injectable()
export class QuarantineFeed extends TopicFeed {
  private readonly log = new QuarantineLog();

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(QUARANTINE_VIEW_CONFIG) private readonly view: QuarantineViewConfig,
  ) {
    super();
  }

  protected subscription(): FeedSubscription {
    const spec = quarantineTopic(this.view.QUARANTINE_TOPIC);
    const take = (_value: Buffer | null, message: Parameters<typeof toQuarantineEntry>[0], partition: number) =>
      this.log.accept(toQuarantineEntry(message, partition));
    return { kafka: this.config, spec, groupPrefix: 'gateway-quarantine', from: 'beginning', take };
  }

  page(query: QuarantineQuery): QuarantineAnswer {
    return this.log.page(query);
  }
}
