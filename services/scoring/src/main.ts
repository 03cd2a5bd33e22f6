import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClickHouseAggregateReader, connectClickHouse, migrate, USAGE_MIGRATIONS } from '@govmetrics/clickhouse';
import type { KpiAttainment } from '@govmetrics/contracts';
import { ensurePostgresDatabase, PostgresEventStore } from '@govmetrics/event-store-adapters';
import { createKafka, ensureTopics, JsonMessagePublisher, KafkaBatchTransport, kpiAttainmentTopic } from '@govmetrics/kafka';
import { importCatalog, Ledger } from '@govmetrics/ledger';
import { parseAttestations, parseCatalog } from '@govmetrics/scoring';
import { existsSync, readFileSync } from 'node:fs';
import { ScoringModule } from './app.module';
import { AGGREGATES_CHANGED_PATTERN } from './follow-aggregates/aggregates-changed.message.controller';
import { ContinuousScoring } from './follow-aggregates/continuous-scoring';
import { asOfPolicy, loadScoringConfig } from './scoring.config';

async function main(): Promise<void> {
  const config = loadScoringConfig(process.env);
  const logger = new Logger('Scoring');
  const catalog = parseCatalog(readFileSync(config.SCORING_CATALOG, 'utf8'), config.SCORING_CATALOG);
  const attestationsFile = config.SCORING_ATTESTATIONS ?? config.SCORING_CATALOG.replace(/\.ya?ml$/, '.attested.yaml');
  const attestations = existsSync(attestationsFile) || config.SCORING_ATTESTATIONS ? parseAttestations(readFileSync(attestationsFile, 'utf8'), attestationsFile).attestations : [];

  await ensurePostgresDatabase(config.LEDGER_DATABASE_URL);
  const store = await PostgresEventStore.open({ connectionString: config.LEDGER_DATABASE_URL });
  const ledger = new Ledger(store);
  const imported = await importCatalog(ledger, catalog, attestations, { who: config.SCORING_ACTOR, why: `KPI catalog ${config.SCORING_CATALOG} in force at service start` });
  logger.log(`catalog ${catalog.id}: ${imported} definition, target and attestation events recorded in the ledger`);

  const clickhouse = await connectClickHouse(config);
  await migrate(clickhouse, USAGE_MIGRATIONS);
  const kafka = createKafka(config);
  await ensureTopics(kafka, [
    { topic: config.AGGREGATES_CHANGED_TOPIC, partitions: 6 },
    kpiAttainmentTopic(config.KPI_ATTAINMENT_TOPIC),
  ]);
  const publisher = new JsonMessagePublisher<KpiAttainment>(kafka, config.KPI_ATTAINMENT_TOPIC, (message) => message.ledger.stream);
  await publisher.connect();

  const scoring = new ContinuousScoring({
    catalog,
    attestations,
    aggregates: new ClickHouseAggregateReader(clickhouse),
    ledger,
    publish: (message) => publisher.publish(message),
    asOf: asOfPolicy(config.SCORING_AS_OF),
    actor: config.SCORING_ACTOR,
    log: (line) => logger.log(line),
  });
  await scoring.start();

  const release = async () => {
    await scoring.drain().catch(() => undefined);
    await publisher.disconnect();
    await clickhouse.close();
    await store.close();
  };
  const app = await NestFactory.createMicroservice(ScoringModule.forRoot(scoring, release), {
    strategy: new KafkaBatchTransport({ kafka, consumer: { groupId: config.SCORING_GROUP_ID }, subscriptions: { [config.AGGREGATES_CHANGED_TOPIC]: AGGREGATES_CHANGED_PATTERN } }),
    logger: ['error', 'warn', 'log'],
  });
  app.enableShutdownHooks();
  await app.listen();
  logger.log(`scoring consuming ${config.AGGREGATES_CHANGED_TOPIC} as ${config.SCORING_GROUP_ID}, publishing ${config.KPI_ATTAINMENT_TOPIC}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
