import type { Admin, IResourceConfigEntry, ITopicConfig, Kafka } from 'kafkajs';
import { ConfigResourceTypes } from 'kafkajs';
import { toKafkaError } from './kafka-errors';

/**
 * Largest record batch every topic of ours accepts. kafkajs writes all of a request's messages for one partition
 * as one record batch, so a whole HTTP batch with a single platform:agency key must fit: the broker's 1 MB
 * default would refuse a valid 5 MiB batch forever, however often the client retried.
 */
export const TOPIC_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

export interface TopicSpec {
  topic: string;
  partitions: number;
  /** Omit for infinite retention: the fact stream is kept forever. */
  retentionMs?: number;
  /**
   * `LogAppendTime` where retention must count from arrival: with the default `CreateTime` a record stamped a year ago
   * by its producer is already past a 7-day retention when it arrives. Enforced on an existing topic too.
   */
  timestampType?: 'LogAppendTime';
}

const TIMESTAMP_TYPE = 'message.timestamp.type';

const configOf = (spec: TopicSpec): IResourceConfigEntry[] => [
  { name: 'retention.ms', value: String(spec.retentionMs ?? -1) },
  { name: 'max.message.bytes', value: String(TOPIC_MAX_MESSAGE_BYTES) },
  ...(spec.timestampType ? [{ name: TIMESTAMP_TYPE, value: spec.timestampType }] : []),
];

/**
 * Sets the timestamp type of existing topics that lack it. AlterConfigs replaces a topic's whole set of overrides, so
 * the overrides it has (an operator's retention, say) are sent along unchanged.
 */
async function enforceTimestampTypes(admin: Admin, specs: TopicSpec[]): Promise<void> {
  const wanted = specs.filter((spec) => spec.timestampType);
  if (wanted.length === 0) return;
  const described = await admin.describeConfigs({ includeSynonyms: false, resources: wanted.map((spec) => ({ type: ConfigResourceTypes.TOPIC, name: spec.topic })) });
  const resources = described.resources.flatMap((resource) => {
    const spec = wanted.find((candidate) => candidate.topic === resource.resourceName);
    const current = resource.configEntries.find((entry) => entry.configName === TIMESTAMP_TYPE)?.configValue;
    if (!spec?.timestampType || current === spec.timestampType) return [];
    const overrides = resource.configEntries.filter((entry) => !entry.isDefault && !entry.readOnly && entry.configName !== TIMESTAMP_TYPE);
    const configEntries = [...overrides.map((entry) => ({ name: entry.configName, value: entry.configValue })), { name: TIMESTAMP_TYPE, value: spec.timestampType }];
    return [{ type: ConfigResourceTypes.TOPIC, name: spec.topic, configEntries }];
  });
  if (resources.length > 0) await admin.alterConfigs({ validateOnly: false, resources });
}

/** Another process may create the same topic at the same moment; only a topic still missing afterwards is a failure. */
async function createTolerantly(admin: Admin, topics: ITopicConfig[]): Promise<void> {
  try {
    await admin.createTopics({ topics, waitForLeaders: true });
  } catch (error) {
    const existing = new Set(await admin.listTopics());
    if (topics.some((spec) => !existing.has(spec.topic))) throw error;
  }
}

/** Creates the topics that do not exist yet; of existing topics only a missing `timestampType` is set. */
export async function ensureTopics(kafka: Kafka, specs: TopicSpec[]): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    const missing: ITopicConfig[] = specs
      .filter((spec) => !existing.has(spec.topic))
      .map((spec) => ({
        topic: spec.topic,
        numPartitions: spec.partitions,
        configEntries: configOf(spec),
      }));
    if (missing.length > 0) await createTolerantly(admin, missing);
    await enforceTimestampTypes(admin, specs);
  } catch (error) {
    throw toKafkaError('topic bootstrap', error);
  } finally {
    await admin.disconnect();
  }
}

/** The accepted-events topic: partitioned by platform:agency, kept forever. */
export const usageEventsTopic = (topic: string): TopicSpec => ({ topic, partitions: 6 });

/**
 * Where Kafka-speaking platforms produce unvalidated events; kept a week from arrival (broker-stamped), long enough to
 * be judged; the accepted topic and the DLQ keep what comes of them forever.
 */
export const usageRawTopic = (topic: string): TopicSpec => ({ topic, partitions: 6, retentionMs: 7 * 24 * 3600 * 1000, timestampType: 'LogAppendTime' });

/** Refused raw events with their reasons: kept forever, so a platform can always find out what it lost. */
export const usageDeadLetterTopic = (topic: string): TopicSpec => ({ topic, partitions: 3 });

/** Score snapshots keyed by ledger stream, so each scorecard's snapshots stay in order; kept forever, the ledger's public face. */
export const kpiAttainmentTopic = (topic: string): TopicSpec => ({ topic, partitions: 3 });

/** Which aggregate buckets each projected batch touched: news for the scoring service and the gateway's live streams. */
export const aggregatesChangedTopic = (topic: string): TopicSpec => ({ topic, partitions: 6 });
