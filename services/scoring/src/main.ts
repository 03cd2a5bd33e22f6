import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClickHouseAggregateReader, connectClickHouse, migrate, USAGE_MIGRATIONS } from '@govmetrics/clickhouse';
import type { KpiAttainment } from '@govmetrics/contracts';
import { openLedgerStore } from '@govmetrics/event-store-adapters';
import { aggregatesChangedTopic, createKafka, ensureTopics, JsonMessagePublisher, KafkaBatchTransport, kpiAttainmentTopic, whenKafkaReady } from '@govmetrics/kafka';
import { Ledger } from '@govmetrics/ledger';
import { parseAttestations, parseCatalog } from '@govmetrics/scoring';
import { existsSync, readFileSync } from 'node:fs';
import { ScoringModule } from './app.module';
import { AGGREGATES_CHANGED_PATTERN } from './follow-aggregates/aggregates-changed.message.controller';
import { ContinuousScoring } from './follow-aggregates/continuous-scoring';
import { seedLedgerCatalog } from './follow-catalog/seed-ledger-catalog';
import { loadHeadsPublisherConfig } from './publish-heads/heads.config';
import { startHeadsPublishing } from './publish-heads/heads-publishing';
import { asOfPolicy, loadScoringConfig } from './scoring.config';

async function main(): Promise<void> {
  const config = loadScoringConfig(process.env);
  const headsConfig = loadHeadsPublisherConfig(process.env);
  const logger = new Logger('Scoring');
  const catalog = parseCatalog(readFileSync(config.SCORING_CATALOG, 'utf8'), config.SCORING_CATALOG);
  const attestationsFile = config.SCORING_ATTESTATIONS ?? config.SCORING_CATALOG.replace(/\.ya?ml$/, '.attested.yaml');
  const attestations = existsSync(attestationsFile) || config.SCORING_ATTESTATIONS ? parseAttestations(readFileSync(attestationsFile, 'utf8'), attestationsFile).attestations : [];

  const store = await openLedgerStore(config.LEDGER_DATABASE_URL);
  const ledger = new Ledger(store);
  const log = (line: string) => logger.log(line);
  const ledgerCatalog = await seedLedgerCatalog(ledger, { catalog, attestations, path: config.SCORING_CATALOG }, config.SCORING_ACTOR, log);

  const clickhouse = await connectClickHouse(config);
  await migrate(clickhouse, USAGE_MIGRATIONS);
  const kafka = createKafka(config);
  const topics = [
    aggregatesChangedTopic(config.AGGREGATES_CHANGED_TOPIC),
    kpiAttainmentTopic(config.KPI_ATTAINMENT_TOPIC),
  ];
  await whenKafkaReady(() => ensureTopics(kafka, topics), config.KAFKA_STARTUP_WAIT_MS, (line) => logger.warn(line));
  const publisher = new JsonMessagePublisher<KpiAttainment>(kafka, config.KPI_ATTAINMENT_TOPIC, (message) => message.ledger.stream);
  await publisher.connect();
  const heads = await startHeadsPublishing(headsConfig, kafka, store, log);

  const scoring = new ContinuousScoring({
    catalogOn: (day) => ledgerCatalog.catalogOn(day),
    aggregates: new ClickHouseAggregateReader(clickhouse),
    ledger,
    // Each snapshot is recorded in the ledger before it is published: the heads then move, and are signed again.
    publish: async (message) => {
      await publisher.publish(message);
      heads.soon();
    },
    asOf: asOfPolicy(config.SCORING_AS_OF),
    actor: config.SCORING_ACTOR,
    log,
  });
  await scoring.start();
  // A revised target or attested value recorded while the service runs is scored at once; if that fails, the process
  // exits and a restart scores it (the ledger keeps it), rather than leaving scores stale until the next usage.
  const following = await ledgerCatalog.follow((change) => {
    heads.soon();
    return scoring.onCatalogChanged(`${change.type} ${change.stream} v${change.revision} by ${change.metadata.who}`);
  });
  following.ended.catch((error: unknown) => {
    logger.error(`following the ledger's catalog failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });

  const release = async () => {
    await ledgerCatalog.close();
    await scoring.drain().catch(() => undefined);
    await heads.stop();
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
