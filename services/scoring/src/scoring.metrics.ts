import type { Held } from '@govmetrics/config';
import type { RecordPublisher } from '@govmetrics/kafka';
import type { Ledger } from '@govmetrics/ledger';
import { ConsumerLagWatch, countSent, kafkaInstruments, ledgerInstruments, type Registry, scoringInstruments, timeCalls } from '@govmetrics/metrics';
import type { Kafka } from 'kafkajs';
import type { ContinuousScoring } from './follow-aggregates/continuous-scoring';
import type { ScoringConfig } from './scoring.config';

/** The scoring service's instruments: what it holds is instrumented in place, and `published` counts a snapshot sent. */
export function scoringMetrics(registry: Registry) {
  const kafka = kafkaInstruments(registry);
  const scoring = scoringInstruments(registry);
  return {
    /** Ledger appends timed; quarantined announcements counted. */
    instrumentStores(ledger: Ledger, quarantine: RecordPublisher): void {
      timeCalls(ledger, 'record', ledgerInstruments(registry).appendSeconds);
      countSent(quarantine, kafka.quarantined, { consumer: 'scoring' });
    },
    /** Times each batch of announcements scored, marks when, and watches the group's lag. */
    async instrumentScoring(held: Held, config: ScoringConfig, client: Kafka, continuous: ContinuousScoring): Promise<void> {
      const onAggregatesChanged = continuous.onAggregatesChanged.bind(continuous);
      continuous.onAggregatesChanged = async (changes) => {
        const stop = scoring.recomputeSeconds.startTimer();
        await onAggregatesChanged(changes);
        stop();
        scoring.lastRecompute.setToCurrentTime();
      };
      const target = { groupId: config.SCORING_GROUP_ID, topics: [config.AGGREGATES_CHANGED_TOPIC] };
      held.hold(await ConsumerLagWatch.start(client, target, kafka, config.CONSUMER_LAG_INTERVAL_MS), (watch) => watch.stop());
    },
    /** Times publishing one snapshot to the attainment topic, and counts it once sent. */
    async published(publish: () => Promise<void>): Promise<void> {
      const stop = kafka.produceSeconds.startTimer({ stream: 'attainment' });
      await publish();
      stop();
      scoring.snapshots.inc();
    },
  };
}
