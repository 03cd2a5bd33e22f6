import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { AggregatesChanged } from '@govmetrics/contracts';
import { AggregatesChangedSchema } from '@govmetrics/contracts';
import type { TopicTail } from '@govmetrics/kafka';
import { aggregatesChangedTopic } from '@govmetrics/kafka';
import { inSpan } from '@govmetrics/tracing';
import { type Observable, Subject } from 'rxjs';
import { followTopic } from '../follow-topic';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';

/**
 * The projector's announcements (`usage.aggregates.changed.v1`) from the moment the gateway started: news only, the
 * topic's history is not read. Every open aggregate stream listens to the one consumer.
 */
@Injectable()
export class AggregateAnnouncementsFeed implements OnModuleInit, OnApplicationShutdown {
  private readonly news = new Subject<AggregatesChanged>();
  private tail?: TopicTail;
  private readonly logger = new Logger(AggregateAnnouncementsFeed.name);

  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  async onModuleInit(): Promise<void> {
    this.tail = await followTopic(
      this.config,
      aggregatesChangedTopic(this.config.AGGREGATES_CHANGED_TOPIC),
      AggregatesChangedSchema,
      (announcement) => this.push(announcement),
      {
        groupPrefix: 'gateway-aggregates',
        from: 'end',
        logger: this.logger,
      },
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.news.complete();
    await this.tail?.stop();
  }

  private push(announcement: AggregatesChanged): void {
    const attributes = { 'govmetrics.buckets_touched': announcement.touched.length, 'govmetrics.sse.listened': this.news.observed };
    inSpan('gateway.aggregates.push', { attributes }, () => this.news.next(announcement));
  }

  /** Every announcement that arrives from now on. */
  follow(): Observable<AggregatesChanged> {
    return this.news.asObservable();
  }
}
