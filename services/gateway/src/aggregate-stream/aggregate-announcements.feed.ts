import { Inject, Injectable } from '@nestjs/common';
import type { AggregatesChanged } from '@govmetrics/contracts';
import { AggregatesChangedSchema } from '@govmetrics/contracts';
import { aggregatesChangedTopic } from '@govmetrics/kafka';
import { type Observable, Subject } from 'rxjs';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { type FeedSubscription, TopicFeed } from '../topic-feed';

/**
 * The projector's announcements (`usage.aggregates.changed.v1`) from the moment the gateway started: news only, the
 * topic's history is not read. Every open aggregate stream listens to the one consumer.
 */
@Injectable()
export class AggregateAnnouncementsFeed extends TopicFeed {
  private readonly news = new Subject<AggregatesChanged>();

  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {
    super();
  }

  protected subscription(): FeedSubscription {
    const spec = aggregatesChangedTopic(this.config.AGGREGATES_CHANGED_TOPIC);
    const take = this.jsonRecords(spec.topic, AggregatesChangedSchema, (announcement) => this.news.next(announcement));
    return { kafka: this.config, spec, groupPrefix: 'gateway-aggregates', from: 'end', take };
  }

  protected override stopped(): void {
    this.news.complete();
  }

  /** Every announcement that arrives from now on. */
  follow(): Observable<AggregatesChanged> {
    return this.news.asObservable();
  }
}
