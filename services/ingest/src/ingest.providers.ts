import { type FactoryProvider, Logger } from '@nestjs/common';
import { parsePlatformCatalog } from '@govmetrics/contracts';
import { IntakePolicy } from '@govmetrics/ingestion';
import { createKafka, ensureTopics, UsageEventPublisher, usageEventsTopic, whenKafkaReady } from '@govmetrics/kafka';
import { readFileSync } from 'node:fs';
import { Pool } from 'pg';
import { ApiKeyRegistry } from './api-key-registry';
import { AcceptedEventsPostgresAdapter } from './idempotency/accepted-events.postgres.adapter';
import { INGEST_CONFIG, IngestConfig } from './ingest.config';
import { ACCEPTED_EVENTS, API_KEYS, INTAKE_POLICY, USAGE_EVENT_PUBLISHER } from './ingest.tokens';

export const intakePolicyProvider: FactoryProvider<IntakePolicy> = {
  provide: INTAKE_POLICY,
  inject: [INGEST_CONFIG],
  useFactory: (config: IngestConfig): IntakePolicy => ({
    catalog: parsePlatformCatalog(readFileSync(config.PLATFORM_CATALOG_PATH, 'utf8')),
    eventTime: {
      // Unset: the validator derives it from its clock at each judgement (the previous fiscal year's start).
      notBefore: config.EVENT_TIME_NOT_BEFORE ? new Date(config.EVENT_TIME_NOT_BEFORE) : undefined,
      maxAheadMs: config.EVENT_TIME_MAX_AHEAD_SECONDS * 1000,
    },
    now: () => new Date(),
  }),
};

export const apiKeysProvider: FactoryProvider<ApiKeyRegistry> = {
  provide: API_KEYS,
  inject: [INGEST_CONFIG],
  useFactory: (config: IngestConfig) => new ApiKeyRegistry(config.INGEST_API_KEYS),
};

export const acceptedEventsProvider: FactoryProvider<Promise<AcceptedEventsPostgresAdapter>> = {
  provide: ACCEPTED_EVENTS,
  inject: [INGEST_CONFIG],
  useFactory: async (config: IngestConfig) => {
    const adapter = new AcceptedEventsPostgresAdapter(new Pool({ connectionString: config.INGEST_DATABASE_URL, max: config.INGEST_PRODUCERS }), config.INGEST_DATABASE_SCHEMA);
    await adapter.migrate();
    return adapter;
  },
};

export const publisherProvider: FactoryProvider<Promise<UsageEventPublisher>> = {
  provide: USAGE_EVENT_PUBLISHER,
  inject: [INGEST_CONFIG],
  useFactory: async (config: IngestConfig) => {
    const kafka = createKafka(config);
    const publisher = new UsageEventPublisher(kafka, {
      topic: config.USAGE_EVENTS_TOPIC,
      transactionalIdPrefix: config.INGEST_TRANSACTIONAL_ID_PREFIX,
      poolSize: config.INGEST_PRODUCERS,
    });
    const logger = new Logger('Ingest');
    await whenKafkaReady(
      async () => {
        await ensureTopics(kafka, [usageEventsTopic(config.USAGE_EVENTS_TOPIC)]);
        await publisher.warmUp();
      },
      config.KAFKA_STARTUP_WAIT_MS,
      (line) => logger.warn(line),
    );
    return publisher;
  },
};
