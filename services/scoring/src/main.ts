import 'reflect-metadata';
import { startTracing } from '@govmetrics/tracing';
import { Logger } from '@nestjs/common';
import { installServiceLogger, startConsumerService } from '@govmetrics/lifecycle';
import { ScoringModule } from './app.module';
import { loadAlertingConfig } from './alerting/alerting.config';
import { AGGREGATES_CHANGED_PATTERN } from './follow-aggregates/aggregates-changed.message.controller';
import { loadHeadsPublisherConfig } from './publish-heads/heads.config';
import { composeScoring } from './scoring.composition';
import { loadScoringConfig } from './scoring.config';

const { logger: log, nest } = installServiceLogger('scoring');

async function main(): Promise<void> {
  // Off unless an OTLP endpoint is configured (docs/operations.md, "Traces"); started before anything it may trace.
  startTracing('scoring', process.env);
  const config = loadScoringConfig(process.env);
  const headsConfig = loadHeadsPublisherConfig(process.env);
  const logger = new Logger('Scoring');
  const composition = await composeScoring(config, headsConfig, loadAlertingConfig(process.env));
  const { kafka, quarantine, following } = composition.adapters;
  // A ledger that is away only delays following (its reads are tried again until it answers). If scoring a change
  // fails, the process exits and a restart scores it (the ledger keeps it), rather than leaving scores stale.
  following.ended.catch((error: unknown) => {
    logger.error(`following the ledger's catalog failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
  const healthPort = await startConsumerService({
    logger: nest,
    module: ScoringModule.forRoot(config, composition),
    transport: {
      kafka,
      consumer: { groupId: config.SCORING_GROUP_ID },
      subscriptions: { [config.AGGREGATES_CHANGED_TOPIC]: AGGREGATES_CHANGED_PATTERN },
      quarantine: { publisher: quarantine, topic: config.QUARANTINE_TOPIC, consumer: 'scoring' },
    },
    health: { host: config.HEALTH_HOST, port: config.SCORING_HEALTH_PORT, stallMs: config.CONSUMER_STALL_MS },
  });
  logger.log(
    `scoring consuming ${config.AGGREGATES_CHANGED_TOPIC} as ${config.SCORING_GROUP_ID}, publishing ${config.KPI_ATTAINMENT_TOPIC}; ` +
      `health on ${config.HEALTH_HOST}:${healthPort}`,
  );
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, 'failed to start');
  process.exit(1);
});
