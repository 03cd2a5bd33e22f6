import type { Admin, ITopicConfig, Kafka } from 'kafkajs';
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

/** Creates the topics that do not exist yet; existing topics are left as they are. */
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
        configEntries: [
          { name: 'retention.ms', value: String(spec.retentionMs ?? -1) },
          { name: 'max.message.bytes', value: String(TOPIC_MAX_MESSAGE_BYTES) },
        ],
      }));
    if (missing.length > 0) await createTolerantly(admin, missing);
  } catch (error) {
    throw toKafkaError('topic bootstrap', error);
  } finally {
    await admin.disconnect();
  }
}

/** The accepted-events topic: partitioned by platform:agency, kept forever. */
export const usageEventsTopic = (topic: string): TopicSpec => ({ topic, partitions: 6 });

/** Where Kafka-speaking platforms produce unvalidated events; kept a week, the accepted topic keeps them forever. */
export const usageRawTopic = (topic: string): TopicSpec => ({ topic, partitions: 6, retentionMs: 7 * 24 * 3600 * 1000 });

/** Refused raw events with their reasons: kept forever, so a platform can always find out what it lost. */
export const usageDeadLetterTopic = (topic: string): TopicSpec => ({ topic, partitions: 3 });

/** Score snapshots keyed by ledger stream, so each scorecard's snapshots stay in order; kept forever, the ledger's public face. */
export const kpiAttainmentTopic = (topic: string): TopicSpec => ({ topic, partitions: 3 });

/** Which aggregate buckets each projected batch touched: news for the scoring service and the gateway's live streams. */
export const aggregatesChangedTopic = (topic: string): TopicSpec => ({ topic, partitions: 6 });
