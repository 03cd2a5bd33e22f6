import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { AggregatesChanged } from '@govmetrics/contracts';
import { AggregatesChangedSchema } from '@govmetrics/contracts';
import type { TopicTail } from '@govmetrics/kafka';
import { aggregatesChangedTopic } from '@govmetrics/kafka';
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
      (announcement) => this.news.next(announcement),
      {
        groupPrefix: 'gateway-aggregates',
        from: 'end',
        logger: this.logger,
      },
    );
  }

  /** Whether it follows its topic, and has read what was there when it started (readiness). */
  state(): { attached: boolean; caughtUp: boolean } {
    return this.tail?.state() ?? { attached: false, caughtUp: false };
  }

  async onApplicationShutdown(): Promise<void> {
    this.news.complete();
    await this.tail?.stop();
  }

  /** Every announcement that arrives from now on. */
  follow(): Observable<AggregatesChanged> {
    return this.news.asObservable();
  }
}
