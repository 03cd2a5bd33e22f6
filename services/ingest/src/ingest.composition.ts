import { Logger } from '@nestjs/common';
import { compose, type Composition } from '@govmetrics/config';
import { type OpenedCredentials, openCredentials } from '@govmetrics/credentials';
import { type CompletenessDeclaration, completenessKey, parsePlatformCatalog, type VerdictSummary, verdictSummaryKey } from '@govmetrics/contracts';
import { whenPostgresReady } from '@govmetrics/event-store-adapters';
import type { AcceptedEventsLookup, AcceptedEventsRegistry, IntakePolicy } from '@govmetrics/ingestion';
import {
  completenessTopic,
  createKafka,
  ensureTopics,
  JsonMessagePublisher,
  UsageEventPublisher,
  usageEventsTopic,
  verdictsTopic,
  whenKafkaReady,
} from '@govmetrics/kafka';
import { ConsumerLagWatch, ingestInstruments, kafkaInstruments, openMetrics, type Registry, timeCalls } from '@govmetrics/metrics';
import { readFileSync } from 'node:fs';
import { Pool } from 'pg';
import { ApiKeyRegistry } from './api-key-registry';
import { AcceptedEventsPostgresAdapter } from './idempotency/accepted-events.postgres.adapter';
import type { IngestConfig } from './ingest.config';
import { IntakeMetrics } from './intake-metrics';

export interface IngestAdapters {
  policy: IntakePolicy;
  apiKeys: ApiKeyRegistry;
  /** API keys and tokens admins issued, believed for CREDENTIALS_CACHE_MS (the configured ones are checked first). */
  credentials: OpenedCredentials;
  acceptedEvents: AcceptedEventsRegistry & AcceptedEventsLookup;
  publisher: UsageEventPublisher;
  /** Platforms' completeness declarations received over HTTP. */
  completeness: JsonMessagePublisher<CompletenessDeclaration>;
  /** Verdict summaries of batches that accepted nothing (the others go in the batch's transaction). */
  verdicts: JsonMessagePublisher<VerdictSummary>;
  metrics: { registry: Registry; intake: IntakeMetrics };
}

const intakePolicy = (config: IngestConfig): IntakePolicy => ({
  catalog: parsePlatformCatalog(readFileSync(config.PLATFORM_CATALOG_PATH, 'utf8')),
  eventTime: {
    // Unset: the validator derives it from its clock at each judgement (the previous fiscal year's start).
    notBefore: config.EVENT_TIME_NOT_BEFORE ? new Date(config.EVENT_TIME_NOT_BEFORE) : undefined,
    maxAheadMs: config.EVENT_TIME_MAX_AHEAD_SECONDS * 1000,
  },
  now: () => new Date(),
});

/** The claim store migrated in PostgreSQL, the accepted topic there and every transactional producer connected. */
export const composeIngest = (config: IngestConfig): Promise<Composition<IngestAdapters>> =>
  compose(async (held) => {
    const registry = await openMetrics(held, 'ingest', config);
    const kafkaMetrics = kafkaInstruments(registry);
    const pool = new Pool({ connectionString: config.INGEST_DATABASE_URL, max: config.INGEST_PRODUCERS });
    const acceptedEvents = held.hold(new AcceptedEventsPostgresAdapter(pool, config.INGEST_DATABASE_SCHEMA), (adapter) => adapter.close());
    const logger = new Logger('Ingest');
    await whenPostgresReady(
      () => acceptedEvents.migrate(),
      config.POSTGRES_STARTUP_WAIT_MS,
      (line) => logger.warn(line),
    );
    const kafka = createKafka(config);
    const publisher = held.hold(
      new UsageEventPublisher(kafka, {
        topic: config.USAGE_EVENTS_TOPIC,
        verdictsTopic: config.VERDICTS_TOPIC,
        transactionalIdPrefix: config.INGEST_TRANSACTIONAL_ID_PREFIX,
        poolSize: config.INGEST_PRODUCERS,
      }),
      (producers) => producers.disconnect(),
    );
    timeCalls(publisher, 'publish', kafkaMetrics.transactionSeconds, { path: 'http' });
    const completeness = held.hold(new JsonMessagePublisher<CompletenessDeclaration>(kafka, config.COMPLETENESS_TOPIC, completenessKey), (producer) =>
      producer.disconnect(),
    );
    const verdicts = held.hold(new JsonMessagePublisher<VerdictSummary>(kafka, config.VERDICTS_TOPIC, verdictSummaryKey), (producer) => producer.disconnect());
    await whenKafkaReady(
      async () => {
        await ensureTopics(kafka, [
          usageEventsTopic(config.USAGE_EVENTS_TOPIC),
          completenessTopic(config.COMPLETENESS_TOPIC),
          verdictsTopic(config.VERDICTS_TOPIC),
        ]);
        await publisher.warmUp();
        await completeness.connect();
        await verdicts.connect();
      },
      config.KAFKA_STARTUP_WAIT_MS,
      { warn: (line) => logger.warn(line) },
    );
    if (config.RAW_INTAKE_ENABLED) {
      const target = { groupId: config.RAW_INTAKE_GROUP_ID, topics: [config.RAW_USAGE_TOPIC] };
      held.hold(await ConsumerLagWatch.start(kafka, target, kafkaMetrics, config.CONSUMER_LAG_INTERVAL_MS), (watch) => watch.stop());
    }
    const policy = intakePolicy(config);
    const intake = new IntakeMetrics(ingestInstruments(registry), kafkaMetrics, Object.keys(policy.catalog.platforms));
    const credentials = openCredentials(config);
    held.hold(credentials.source, (source) => source.close());
    return {
      policy,
      apiKeys: new ApiKeyRegistry(config.INGEST_API_KEYS),
      credentials,
      acceptedEvents,
      publisher,
      completeness,
      verdicts,
      metrics: { registry, intake },
    };
  });
