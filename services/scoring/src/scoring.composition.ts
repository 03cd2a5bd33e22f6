import { Logger } from '@nestjs/common';
import { awaitServersSchema, ClickHouseAggregateReader, connectClickHouseReader, USAGE_MIGRATIONS } from '@govmetrics/clickhouse';
import { compose, type Composition } from '@govmetrics/config';
import type { KpiAttainment } from '@govmetrics/contracts';
import type { Subscription } from '@govmetrics/event-store';
import { openLedgerStore, whenPostgresReady } from '@govmetrics/event-store-adapters';
import {
  aggregatesChangedTopic,
  completenessTopic,
  createKafka,
  ensureTopicsWhenReady,
  JsonMessagePublisher,
  kpiAttainmentTopic,
  quarantineTopic,
  RecordPublisher,
} from '@govmetrics/kafka';
import { Ledger } from '@govmetrics/ledger';
import { alertingInstruments, openMetrics } from '@govmetrics/metrics';
import { parseAttestations, parseCatalog } from '@govmetrics/scoring';
import type { Kafka } from 'kafkajs';
import { existsSync, readFileSync } from 'node:fs';
import { startAlerting } from './alerting/start-alerting';
import type { AlertingConfig } from './alerting/alerting.config';
import { ContinuousScoring } from './follow-aggregates/continuous-scoring';
import { seedLedgerCatalog } from './follow-catalog/seed-ledger-catalog';
import { CompletenessFollower } from './follow-completeness/completeness.follower';
import type { HeadsPublisherConfig } from './publish-heads/heads.config';
import { startHeadsPublishing } from './publish-heads/heads-publishing';
import { asOfPolicy, type ScoringConfig } from './scoring.config';
import { scoringMetrics } from './scoring.metrics';

export interface ScoringAdapters {
  kafka: Kafka;
  scoring: ContinuousScoring;
  /** Where the transport sets aside a record that is not an announcement. */
  quarantine: RecordPublisher;
  /** The ledger's catalog followed: a revised target or attested value is scored at once. */
  following: Subscription;
}

function catalogFile(config: ScoringConfig) {
  const catalog = parseCatalog(readFileSync(config.SCORING_CATALOG, 'utf8'), config.SCORING_CATALOG);
  const attestationsFile = config.SCORING_ATTESTATIONS ?? config.SCORING_CATALOG.replace(/\.ya?ml$/, '.attested.yaml');
  const attestations =
    existsSync(attestationsFile) || config.SCORING_ATTESTATIONS ? parseAttestations(readFileSync(attestationsFile, 'utf8'), attestationsFile).attestations : [];
  return { catalog, attestations, path: config.SCORING_CATALOG };
}

/**
 * The ledger seeded (once) and its catalog followed, ClickHouse's schema there (the projector owns it), the topics there, the attainment producer
 * connected, and every scorecard scored once. Released in reverse: following stops before scoring drains, the
 * producer and the stores close after it.
 */
export const composeScoring = (config: ScoringConfig, headsConfig: HeadsPublisherConfig, alerting: AlertingConfig): Promise<Composition<ScoringAdapters>> =>
  compose(async (held) => {
    const logger = new Logger('Scoring');
    const log = (line: string) => logger.log(line);
    const registry = await openMetrics(held, 'scoring', config);
    const metrics = scoringMetrics(registry);
    const file = catalogFile(config);
    // A ledger that is not reachable yet is waited for (POSTGRES_STARTUP_WAIT_MS), as a broker is, rather than exited on.
    const whenLedgerReady = <T>(step: () => Promise<T>) => whenPostgresReady(step, config.POSTGRES_STARTUP_WAIT_MS, (line) => logger.warn(line));
    const store = held.hold(await whenLedgerReady(() => openLedgerStore(config.LEDGER_DATABASE_URL)), (opened) => opened.close());
    const ledger = new Ledger(store);
    const ledgerCatalog = await whenLedgerReady(() => seedLedgerCatalog(ledger, file, config.SCORING_ACTOR, log));
    // A read-only user: the projector owns the schema.
    const clickhouse = held.hold(connectClickHouseReader(config), (client) => client.close());
    await awaitServersSchema(config, USAGE_MIGRATIONS, {
      timeoutMs: config.CLICKHOUSE_SCHEMA_WAIT_MS,
      onWaiting: (reason) => logger.warn(`waiting for the projector's schema: ${reason}`),
    });
    const kafka = createKafka(config);
    const topics = [
      aggregatesChangedTopic(config.AGGREGATES_CHANGED_TOPIC),
      kpiAttainmentTopic(config.KPI_ATTAINMENT_TOPIC),
      quarantineTopic(config.QUARANTINE_TOPIC),
      // Only the ingest enforces its configs (LogAppendTime): this service may read it, not describe its configs.
      { topic: config.COMPLETENESS_TOPIC, partitions: completenessTopic(config.COMPLETENESS_TOPIC).partitions },
    ];
    await ensureTopicsWhenReady(kafka, topics, config.KAFKA_STARTUP_WAIT_MS, (line) => logger.warn(line));
    const publisher = held.hold(new JsonMessagePublisher<KpiAttainment>(kafka, config.KPI_ATTAINMENT_TOPIC, (message) => message.ledger.stream), (producer) =>
      producer.disconnect(),
    );
    await publisher.connect();
    const quarantine = held.hold(new RecordPublisher(kafka), (producer) => producer.disconnect());
    await quarantine.connect();
    metrics.instrumentStores(ledger, quarantine);
    // Signed stream heads for auditors: published on a schedule, and soon after the ledger moves.
    const heads = held.hold(await startHeadsPublishing(headsConfig, kafka, store, log), (publishing) => publishing.stop());
    const completeness = await CompletenessFollower.start(kafka, config.COMPLETENESS_TOPIC, config.KAFKA_STARTUP_WAIT_MS, log);
    const scoring = held.hold(
      new ContinuousScoring({
        catalogOn: (day) => ledgerCatalog.catalogOn(day),
        aggregates: new ClickHouseAggregateReader(clickhouse),
        ledger,
        // Each snapshot is recorded in the ledger before it is published: the heads then move, and are signed again.
        publish: async (message) => {
          await metrics.published(() => publisher.publish(message));
          heads.soon();
        },
        asOf: asOfPolicy(config.SCORING_AS_OF),
        actor: config.SCORING_ACTOR,
        log,
        completeness: completeness.ledger,
      }),
      (scoring) => scoring.drain().catch(() => undefined),
    );
    // Released before scoring drains: no declaration may start a rescoring after that.
    held.hold(completeness, (follower) => follower.stop());
    await metrics.instrumentScoring(held, config, kafka, scoring);
    await whenLedgerReady(() => scoring.start());
    completeness.notify((what) => scoring.onCompletenessDeclared(what));
    const following = await ledgerCatalog.follow((change) => {
      heads.soon();
      return scoring.onCatalogChanged(`${change.type} ${change.stream} v${change.revision} by ${change.metadata.who}`);
    });
    held.hold(ledgerCatalog, (catalog) => catalog.close());
    // Alert rules judged on the same ledger and read model; stopped before the ledger store closes.
    const reader = new ClickHouseAggregateReader(clickhouse);
    const catalogOn = (day: string) => ledgerCatalog.catalogOn(day);
    const alertDeps = { ledger, clickhouse, kafka, reader, catalogOn, actor: config.SCORING_ACTOR, log, instruments: alertingInstruments(registry) };
    held.hold(await whenLedgerReady(() => startAlerting(alerting, alertDeps)), (running) => running.stop());
    return { kafka, scoring, quarantine, following };
  });
