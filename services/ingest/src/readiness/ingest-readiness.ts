import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createKafka, TopicReadinessProbe } from '@govmetrics/kafka';
import { Pool } from 'pg';
import { AcceptedEventsPostgresAdapter } from '../idempotency/accepted-events.postgres.adapter';
import { INGEST_CONFIG, type IngestConfig } from '../ingest.config';
import { CachedReadiness, type Readiness } from './readiness';

export type IngestDependency = 'kafka' | 'postgres';

/** Whether the ingest can take a batch now: Kafka can be written to, and the claim store in PostgreSQL answers. */
@Injectable()
export class IngestReadiness implements OnApplicationShutdown {
  private readonly kafka: TopicReadinessProbe;
  private readonly claims: AcceptedEventsPostgresAdapter;
  private readonly readiness: CachedReadiness<IngestDependency>;

  constructor(@Inject(INGEST_CONFIG) config: IngestConfig) {
    this.kafka = new TopicReadinessProbe(createKafka(config), config.USAGE_EVENTS_TOPIC);
    // A connection of its own: a pool busy with batches must not make a working ingest look down.
    this.claims = new AcceptedEventsPostgresAdapter(
      new Pool({ connectionString: config.INGEST_DATABASE_URL, max: 1, connectionTimeoutMillis: 2000 }),
      config.INGEST_DATABASE_SCHEMA,
    );
    this.readiness = new CachedReadiness({ kafka: () => this.kafka.check(), postgres: () => this.claims.ping() }, { cacheMs: 1000, timeoutMs: 2500 });
  }

  current(): Promise<Readiness<IngestDependency>> {
    return this.readiness.current();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.kafka.close();
    await this.claims.close();
  }
}
