import { LEDGER_HEADS_TOPIC, TOPICS } from '@govmetrics/contracts';
import type { TopicSpec } from '@govmetrics/kafka';
import {
  aggregatesChangedTopic,
  completenessTopic,
  kpiAttainmentTopic,
  quarantineTopic,
  usageDeadLetterTopic,
  usageEventsTopic,
  usageRawTopic,
  verdictsTopic,
} from '@govmetrics/kafka';

/**
 * The pipeline's topics, created by the admin on a secured broker: no service is granted CREATE, so each service's
 * `ensureTopics` at start finds them there. Ledger heads: one partition, as the scoring service creates it.
 */
export const SECURED_TOPICS: readonly TopicSpec[] = [
  usageRawTopic(TOPICS.usageRaw),
  usageEventsTopic(TOPICS.usageEvents),
  usageDeadLetterTopic(TOPICS.usageDlq),
  aggregatesChangedTopic(TOPICS.aggregatesChanged),
  kpiAttainmentTopic(TOPICS.kpiAttainment),
  quarantineTopic(TOPICS.quarantine),
  completenessTopic(TOPICS.completeness),
  verdictsTopic(TOPICS.verdicts),
  { topic: LEDGER_HEADS_TOPIC, partitions: 1 },
];
