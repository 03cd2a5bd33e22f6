import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { UsageEventPublisher } from '@govmetrics/kafka';
import { AcceptedEventsPostgresAdapter } from './idempotency/accepted-events.postgres.adapter';
import { ACCEPTED_EVENTS, USAGE_EVENT_PUBLISHER } from './ingest.tokens';

/** Closes what the factory providers opened: the transactional producers and the PostgreSQL pool. */
@Injectable()
export class IngestShutdown implements OnApplicationShutdown {
  constructor(
    @Inject(USAGE_EVENT_PUBLISHER) private readonly publisher: UsageEventPublisher,
    @Inject(ACCEPTED_EVENTS) private readonly acceptedEvents: AcceptedEventsPostgresAdapter,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.disconnect();
    await this.acceptedEvents.close();
  }
}
